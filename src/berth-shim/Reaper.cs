using System.Runtime.InteropServices;
using Berth.Linux;
using Berth.Linux.Processes;

namespace Berth.Shim;

/// <summary>
/// "berth-shim reaper -- cmd args…": the small PID 1 of --init. It starts the program, forwards the signals a PID 1
/// receives to it, reaps every orphan that the kernel reparents to PID 1, and exits with the program's status
/// (128+N when a signal N ended it). The daemon runs it through the dynamic loader from a read-only directory
/// mounted on the container's /dev, so images without glibc work too.
/// </summary>
internal static class Reaper
{
    private static readonly int[] Forwarded = [1, 2, 3, 10, 12, 15, 18, 20, 21, 22, 28];

    public static int Run(string[] args)
    {
        int dash = Array.IndexOf(args, "--");
        var command = dash >= 0 ? args[(dash + 1)..] : args[1..];
        if (command.Length == 0)
        {
            Console.Error.WriteLine("berth-init: no program given");
            return 2;
        }
        string? path = Resolve(command[0]);
        if (path is null)
        {
            Console.Error.WriteLine($"berth-init: {command[0]}: executable file not found in $PATH");
            return 127;
        }
        int child;
        try
        {
            child = ProcessSpawner.Spawn(new SpawnRequest { Path = path, Args = command, Fds = [new(0, 0), new(1, 1), new(2, 2)] });
        }
        catch (SyscallException e)
        {
            Console.Error.WriteLine($"berth-init: {command[0]}: {Errnos.Describe(e.Errno)}");
            return e.Errno == Errnos.ENOENT ? 127 : 126;
        }
        var registrations = new List<PosixSignalRegistration>();
        foreach (int sig in Forwarded)
        {
            registrations.Add(PosixSignalRegistration.Create((PosixSignal)sig, ctx =>
            {
                ctx.Cancel = true;
                try { ProcessWait.Signal(child, sig); } catch (SyscallException) { }
            }));
        }
        while (true)
        {
            var (pid, status) = ProcessWait.WaitAny();
            if (pid < 0) return 0;
            if (pid == child)
            {
                // Give orphans a last chance to be reaped, then leave with the program's status.
                while (ProcessWait.WaitAny(noHang: true).Pid > 0) { }
                GC.KeepAlive(registrations);
                return status.ShellCode;
            }
        }
    }

    private static string? Resolve(string name)
    {
        if (name.Contains('/')) return File.Exists(name) ? name : null;
        string path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
