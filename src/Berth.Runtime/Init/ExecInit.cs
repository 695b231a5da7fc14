using Berth.Linux;
using Berth.Linux.Credentials;
using Berth.Linux.Mounts;
using Berth.Linux.Namespaces;

namespace Berth.Runtime.Init;

/// <summary>
/// The init of an exec'd process: already in the container's pid, ipc, uts, net and cgroup namespaces and cgroup
/// (the runtime's spawning thread joined them); it enters the mount namespace itself, on its main thread.
/// </summary>
internal static class ExecInit
{
    public static void Run(InitConfig config, InitChannel channel)
    {
        ProcessControl.SetDumpable(false);
        var process = config.Process ?? throw RuntimeException.Invalid("process: missing");
        if (config.MountNamespaceFd >= 0)
        {
            // setns into a mount namespace needs a file-system context of the thread's own.
            Namespace.UnshareFileSystem();
            using var mnt = new SafeFd(config.MountNamespaceFd);
            Namespace.Join(mnt, NamespaceType.Mount, "mount namespace");
        }
        if (config.RootFd >= 0)
        {
            // The container was chroot'ed (--no-pivot): its root is the init's root, passed as a descriptor.
            using var root = new SafeFd(config.RootFd);
            int errno = DirectoryCalls.TryFchdir(root);
            if (errno == 0) errno = DirectoryCalls.TryChroot(".");
            if (errno != 0) throw new SyscallException(errno, "chroot", config.Rootfs);
        }
        var finisher = ProcessFinisher.Prepare(process, config.Seccomp);
        int e = DirectoryCalls.TryChdir(process.Cwd is { Length: > 0 } cwd ? cwd : "/");
        if (e != 0) throw RuntimeException.Invalid($"process.cwd: {process.Cwd}: {Errnos.Describe(e)}");
        if (process.Terminal) ConsoleSetup.Setup(config.ConsoleSocketFd, process, finisher.Uid, finisher.Gid, bindDevConsole: false);
        ProcessLimits.ApplyOomScoreAdj(process.OomScoreAdj);
        ProcessLimits.ApplyRlimits(process.Rlimits);
        finisher.ApplyIdentity();
        finisher.ResolveExecutable();
        finisher.Exec(config.FirstRuntimeFd);
    }
}
