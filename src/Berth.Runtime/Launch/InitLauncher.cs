using Berth.Linux.Namespaces;
using Berth.Linux.Processes;

namespace Berth.Runtime.Launch;

/// <summary>
/// Spawns an init process from a dedicated OS thread that first joins (setns) and creates (unshare) the
/// container's namespaces: the child lands in them (as PID 1 of a new pid namespace) while the rest of this
/// process stays in the host's. Nothing on that thread may start a thread once CLONE_NEWPID is unshared, so it
/// only makes system calls and posix_spawn, then ends.
/// </summary>
internal static class InitLauncher
{
    public static int Spawn(LaunchRequest request)
    {
        int pid = 0;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                // setns into a mount namespace needs the thread's own fs context; it is harmless otherwise.
                Namespace.UnshareFileSystem();
                foreach (var (type, fd, display) in request.Join) Namespace.Join(fd, type, display);
                if (request.UnshareFlags != 0) Namespace.Unshare(request.UnshareFlags);
                pid = ProcessSpawner.Spawn(new SpawnRequest
                {
                    Path = request.Executable,
                    Args = [request.Executable, Init.ContainerInit.Command, request.SocketFdInChild.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                    Fds = request.Fds,
                    KeepFdsUpTo = request.KeepFdsUpTo,
                    NewSession = true,
                });
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, 256 * 1024)
        {
            IsBackground = true,
            Name = "berth-launch",
        };
        thread.Start();
        thread.Join();
        if (failure is not null) throw failure;
        return pid;
    }
}
