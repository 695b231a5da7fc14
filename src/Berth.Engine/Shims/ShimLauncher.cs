using System.Text.Json;
using Berth.Engine.Errors;
using Berth.Linux;
using Berth.Linux.Processes;
using Berth.Runtime.ShimProtocol;

namespace Berth.Engine.Shims;

/// <summary>
/// Starts a berth-shim for a container in its own session (so it outlives the daemon) and waits for it to report
/// that the container is created, or why it is not. The daemon reaps the shim when it exits while the daemon lives.
/// </summary>
public sealed class ShimLauncher(string shimPath, string runtimeRoot)
{
    public sealed record Request(string Id, string Bundle, string Socket, string LogPath, long LogMaxSize, int LogMaxFiles,
        string ExitFile, bool Tty, bool OpenStdin, bool StdinOnce, string CgroupPath, string ShimLogPath);

    public async Task<ShimStartupInfo> LaunchAsync(Request r, CancellationToken cancel)
    {
        var (read, write) = FileDescriptors.Pipe();
        int pid;
        using (read)
        {
            using (write)
            {
                var args = new List<string>
                {
                    shimPath, "--id", r.Id, "--bundle", r.Bundle, "--runtime-root", runtimeRoot, "--socket", r.Socket,
                    "--log-path", r.LogPath, "--log-max-size", r.LogMaxSize.ToString(), "--log-max-file", r.LogMaxFiles.ToString(),
                    "--exit-file", r.ExitFile, "--startup-fd", "3", "--cgroup-path", r.CgroupPath,
                };
                if (r.Tty) args.Add("--tty");
                if (r.OpenStdin) args.Add("--open-stdin");
                if (r.StdinOnce) args.Add("--stdin-once");
                using var devNull = FileDescriptors.Open("/dev/null", Linux.Descriptors.OpenFlags.O_RDWR);
                // The shim's own messages go to a file: the daemon's stderr may be gone while the shim lives on.
                using var shimLog = FileDescriptors.Open(r.ShimLogPath, Linux.Descriptors.OpenFlags.O_WRONLY | Linux.Descriptors.OpenFlags.O_CREAT | Linux.Descriptors.OpenFlags.O_APPEND, 0x180);
                pid = ProcessSpawner.Spawn(new SpawnRequest
                {
                    Path = shimPath,
                    Args = args,
                    Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                    Fds = [new FdMapping(devNull.Fd, 0), new FdMapping(devNull.Fd, 1), new FdMapping(shimLog.Fd, 2), new FdMapping(write.Fd, 3)],
                    NewSession = true,
                });
            }
            // For tooling and tests that must find shims (they outlive the daemon by design).
            AtomicFile.Write(Path.Combine(Path.GetDirectoryName(r.Socket)!, "shim.pid"), System.Text.Encoding.ASCII.GetBytes(pid.ToString()));
            // Reap the shim whenever it ends (it is our child until we die).
            var reaper = new Thread(() => { try { ProcessWait.Wait(pid); } catch (SyscallException) { } }) { IsBackground = true, Name = "reap-shim" };
            reaper.Start();
            byte[] data = await Task.Run(() => ReadAll(read), cancel);
            if (data.Length == 0) throw EngineException.Internal($"berth-shim exited without reporting (pid {pid})");
            var info = JsonSerializer.Deserialize(data, ShimJsonContext.Default.ShimStartupInfo)
                ?? throw EngineException.Internal("berth-shim sent an empty report");
            return info;
        }
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
}
