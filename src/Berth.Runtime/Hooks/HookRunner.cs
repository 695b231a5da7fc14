using Berth.Linux;
using Berth.Linux.Processes;
using Berth.Linux.Signals;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Hooks;

/// <summary>
/// Runs OCI hooks (config.md "POSIX-platform Hooks"): the hook gets the container state on stdin, the
/// environment its entry gives, and is killed when its timeout passes.
/// </summary>
internal static class HookRunner
{
    /// <summary>Runs the hooks in order; the first failure throws (naming the phase and the hook's path).</summary>
    public static void Run(IReadOnlyList<RuntimeHook>? hooks, string phase, byte[] state)
    {
        if (hooks is null) return;
        foreach (var hook in hooks) RunOne(hook, phase, state);
    }

    /// <summary>Runs every hook, logging failures as warnings (poststop: the lifecycle goes on).</summary>
    public static void RunAll(IReadOnlyList<RuntimeHook>? hooks, string phase, byte[] state, IRuntimeLog log)
    {
        if (hooks is null) return;
        foreach (var hook in hooks)
        {
            try { RunOne(hook, phase, state); }
            catch (Exception e) when (e is RuntimeException or SyscallException)
            {
                log.Write(RuntimeLogLevel.Warning, e.Message);
            }
        }
    }

    public static void RunOne(RuntimeHook hook, string phase, byte[] state)
    {
        if (hook.Timeout is <= 0) throw RuntimeException.Invalid($"hooks.{phase}: timeout must be positive: {hook.Path}");
        var (read, write) = FileDescriptors.Pipe();
        int pid;
        using (read)
        {
            int errno = ProcessSpawner.TrySpawn(new SpawnRequest
            {
                Path = hook.Path,
                Args = hook.Args is { Count: > 0 } a ? a : [hook.Path],
                Env = hook.Env ?? [],
                Fds = [new FdMapping(read.Fd, 0), new FdMapping(2, 1), new FdMapping(2, 2)],
            }, out pid);
            if (errno != 0)
            {
                write.Dispose();
                throw new RuntimeException(RuntimeErrorKind.Internal, $"{phase} hook {hook.Path}: {Errnos.Describe(errno)}");
            }
        }
        using (write)
        {
            try { FileDescriptors.WriteAll(write, state); }
            catch (SyscallException e) when (e.Errno == Errnos.EPIPE) { }
        }
        if (hook.Timeout is int seconds)
        {
            bool exited;
            if (PidFd.TryOpen(pid, out var pidfd) == 0)
            {
                using (pidfd) exited = PidFd.WaitExited(pidfd, seconds * 1000);
            }
            else exited = true;
            if (!exited)
            {
                ProcessWait.Signal(pid, SignalNames.SIGKILL);
                ProcessWait.Wait(pid);
                throw new RuntimeException(RuntimeErrorKind.Internal, $"{phase} hook {hook.Path} timed out after {seconds} s");
            }
        }
        var status = ProcessWait.Wait(pid);
        if (status.ShellCode != 0)
            throw new RuntimeException(RuntimeErrorKind.Internal,
                status.Signaled
                    ? $"{phase} hook {hook.Path} killed by {SignalNames.Name(status.Signal)}"
                    : $"{phase} hook {hook.Path} exited with status {status.Code}");
    }
}
