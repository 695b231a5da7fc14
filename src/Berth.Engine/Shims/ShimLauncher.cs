using System.Text;
using System.Text.Json;
using Berth.Engine.Errors;
using Berth.Linux;
using Berth.Linux.Processes;
using Berth.Runtime.ShimProtocol;

namespace Berth.Engine.Shims;

/// <summary>
/// Starts a berth-shim for a container in its own session (so it outlives the daemon) and waits for it to report
/// that the container is created, or why it is not. The daemon reaps the shim when it exits while the daemon lives.
/// One spare shim is kept started ahead of time (see berth-shim's WarmStart): a container start hands it its
/// command line instead of paying for a process start; without a spare, a shim is started as before.
/// </summary>
public sealed class ShimLauncher(string shimPath, string runtimeRoot) : IDisposable
{
    public sealed record Request(string Id, string Bundle, string Socket, string LogPath, long LogMaxSize, int LogMaxFiles,
        string ExitFile, bool Tty, bool OpenStdin, bool StdinOnce, string CgroupPath, string ShimLogPath);

    private sealed record Spare(int Pid, SafeFd Startup, SafeFd Request);

    private const string Path0 = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private readonly Lock _gate = new();
    private Spare? _spare;
    private bool _disposed;

    /// <summary>Keep a spare shim (off by default so that one-off launchers, e.g. in tests, start none).</summary>
    public bool KeepSpare { get; init; }

    public async Task<ShimStartupInfo> LaunchAsync(Request r, CancellationToken cancel)
    {
        var args = Arguments(r);
        var spare = TakeSpare();
        int pid;
        SafeFd read;
        if (spare is not null && TryHandOver(spare, r, args))
        {
            pid = spare.Pid;
            read = spare.Startup;
        }
        else
        {
            if (spare is not null) spare.Startup.Dispose();   // its request pipe is closed: it leaves
            (pid, read) = SpawnCold(r, args);
        }
        try
        {
            using (read)
            {
                // For tooling and tests that must find shims (they outlive the daemon by design).
                AtomicFile.Write(Path.Combine(Path.GetDirectoryName(r.Socket)!, "shim.pid"), Encoding.ASCII.GetBytes(pid.ToString()));
                byte[] data = await Task.Run(() => ReadAll(read), cancel);
                if (data.Length == 0) throw EngineException.Internal($"berth-shim exited without reporting (pid {pid})");
                return JsonSerializer.Deserialize(data, ShimJsonContext.Default.ShimStartupInfo)
                    ?? throw EngineException.Internal("berth-shim sent an empty report");
            }
        }
        finally
        {
            // The next spare starts once this container is created, not while it is: two cores are few.
            if (KeepSpare) _ = Task.Run(Replenish, CancellationToken.None);
        }
    }

    /// <summary>Starts the first spare (the daemon calls this once at start).</summary>
    public void Warm()
    {
        if (KeepSpare) _ = Task.Run(Replenish, CancellationToken.None);
    }

    private List<string> Arguments(Request r)
    {
        var args = new List<string>
        {
            "--id", r.Id, "--bundle", r.Bundle, "--runtime-root", runtimeRoot, "--socket", r.Socket,
            "--log-path", r.LogPath, "--log-max-size", r.LogMaxSize.ToString(), "--log-max-file", r.LogMaxFiles.ToString(),
            "--exit-file", r.ExitFile, "--startup-fd", "3", "--cgroup-path", r.CgroupPath,
        };
        if (r.Tty) args.Add("--tty");
        if (r.OpenStdin) args.Add("--open-stdin");
        if (r.StdinOnce) args.Add("--stdin-once");
        return args;
    }

    private static bool TryHandOver(Spare spare, Request r, List<string> args)
    {
        using (spare.Request)
        {
            var text = new StringBuilder();
            foreach (var a in (string[])["--shim-log", r.ShimLogPath, .. args]) text.Append(a).Append('\0');
            try
            {
                FileDescriptors.WriteAll(spare.Request, Encoding.UTF8.GetBytes(text.ToString()));
                return true;
            }
            catch (SyscallException)
            {
                return false;   // the spare died (EPIPE): start one the ordinary way
            }
        }
    }

    private (int Pid, SafeFd Read) SpawnCold(Request r, List<string> args)
    {
        var (read, write) = FileDescriptors.Pipe();
        using (write)
        {
            using var devNull = FileDescriptors.Open("/dev/null", Linux.Descriptors.OpenFlags.O_RDWR);
            // The shim's own messages go to a file: the daemon's stderr may be gone while the shim lives on.
            using var shimLog = FileDescriptors.Open(r.ShimLogPath, Linux.Descriptors.OpenFlags.O_WRONLY | Linux.Descriptors.OpenFlags.O_CREAT | Linux.Descriptors.OpenFlags.O_APPEND, 0x180);
            int pid = ProcessSpawner.Spawn(new SpawnRequest
            {
                Path = shimPath,
                Args = [shimPath, .. args],
                Env = [Path0],
                Fds = [new FdMapping(devNull.Fd, 0), new FdMapping(devNull.Fd, 1), new FdMapping(shimLog.Fd, 2), new FdMapping(write.Fd, 3)],
                NewSession = true,
            });
            Reap(pid);
            return (pid, read);
        }
    }

    private void Replenish()
    {
        try
        {
            lock (_gate)
            {
                if (_disposed || _spare is not null) return;
            }
            var (startupRead, startupWrite) = FileDescriptors.Pipe();
            var (requestRead, requestWrite) = FileDescriptors.Pipe();
            int pid;
            using (startupWrite)
            using (requestRead)
            using (var devNull = FileDescriptors.Open("/dev/null", Linux.Descriptors.OpenFlags.O_RDWR))
            {
                pid = ProcessSpawner.Spawn(new SpawnRequest
                {
                    Path = shimPath,
                    Args = [shimPath, "warm"],
                    Env = [Path0],
                    Fds = [new FdMapping(devNull.Fd, 0), new FdMapping(devNull.Fd, 1), new FdMapping(devNull.Fd, 2),
                        new FdMapping(startupWrite.Fd, 3), new FdMapping(requestRead.Fd, 4)],
                    NewSession = true,
                });
            }
            Reap(pid);
            lock (_gate)
            {
                if (!_disposed && _spare is null)
                {
                    _spare = new Spare(pid, startupRead, requestWrite);
                    return;
                }
            }
            // Lost a race or shutting down: closing the request pipe makes the spare leave.
            requestWrite.Dispose();
            startupRead.Dispose();
        }
        catch (SyscallException)
        {
            // No spare this time; the next start spawns a shim directly.
        }
    }

    private Spare? TakeSpare()
    {
        lock (_gate)
        {
            var s = _spare;
            _spare = null;
            return s;
        }
    }

    /// <summary>Reap the shim whenever it ends (it is our child until we die).</summary>
    private static void Reap(int pid)
    {
        var reaper = new Thread(() => { try { ProcessWait.Wait(pid); } catch (SyscallException) { } }) { IsBackground = true, Name = "reap-shim" };
        reaper.Start();
    }

    private static byte[] ReadAll(SafeFd fd)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            int n = FileDescriptors.Read(fd, buffer);
            if (n <= 0) break;
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }

    public void Dispose()
    {
        Spare? s;
        lock (_gate)
        {
            _disposed = true;
            s = _spare;
            _spare = null;
        }
        if (s is null) return;
        s.Request.Dispose();   // end of file: the spare leaves
        s.Startup.Dispose();
    }
}
