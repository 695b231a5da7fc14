using System.Diagnostics;

namespace Berth.IntegrationTests.Runtime;

/// <summary>
/// Debian's dockerd (with its containerd and containerd-shim-runc-v2) driving berth-runtime as an added runtime.
/// The daemon runs with its own data root, exec root, socket and pid file, no bridge and no iptables, and is
/// stopped by pid.
/// </summary>
[Trait("Category", "Integration")]
[Collection("runtime")]
public sealed class DockerInteropTests : IDisposable
{
    private readonly RuntimeHarness _h = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-dockerd-").FullName;
    private string Socket => Path.Combine(_dir, "docker.sock");
    private Process? _daemon;
    private const string Image = "berth-busybox:test";
    private static readonly string[] RunFlags = ["--runtime", "berth"];

    private void StartDaemon()
    {
        if (!File.Exists("/usr/sbin/dockerd")) throw new InvalidOperationException("dockerd is not installed (apt-get install docker.io)");
        var info = new ProcessStartInfo("/usr/sbin/dockerd")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[]
                 {
                     "--data-root", Path.Combine(_dir, "data"), "--exec-root", Path.Combine(_dir, "exec"),
                     "-H", "unix://" + Socket, "--pidfile", Path.Combine(_dir, "docker.pid"),
                     "--bridge=none", "--iptables=false", "--ip6tables=false",
                     "--add-runtime", "berth=" + _h.Binary, "--storage-driver", "vfs",
                 })
            info.ArgumentList.Add(a);
        _daemon = Process.Start(info)!;
        var log = Path.Combine(_dir, "dockerd.log");
        _daemon.OutputDataReceived += (_, e) => { if (e.Data is not null) File.AppendAllText(log, e.Data + "\n"); };
        _daemon.ErrorDataReceived += (_, e) => { if (e.Data is not null) File.AppendAllText(log, e.Data + "\n"); };
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();
        LifecycleTests.WaitFor(() => File.Exists(Socket) && Docker("version").Code == 0, 60_000);
        string tar = Path.Combine(_dir, "rootfs.tar");
        var packed = RuntimeHarness.Run("tar", ["-C", _h.Rootfs, "-cf", tar, "."]);
        Assert.True(packed.Code == 0, packed.Stderr);
        var import = Docker("import", tar, Image);
        Assert.True(import.Code == 0, import.Stderr);
    }

    private RuntimeHarness.Result Docker(params string[] args) =>
        RuntimeHarness.Run("/usr/bin/docker", ["-H", "unix://" + Socket, .. args], TimeSpan.FromSeconds(120));

    [Fact]
    public void DockerRunsContainersWithBerthRuntime()
    {
        StartDaemon();
        var hi = Docker(["run", "--rm", .. RunFlags, Image, "echo", "hi"]);
        Assert.True(hi.Code == 0, hi.Stderr + File.ReadAllText(Path.Combine(_dir, "dockerd.log")));
        Assert.Equal("hi\n", hi.Stdout);

        var tty = Docker(["run", "--rm", "-t", .. RunFlags, Image, "sh", "-c", "tty; echo tty-ok"]);
        Assert.True(tty.Code == 0, tty.Stderr);
        Assert.Contains("/dev/pts/0", tty.Stdout);
        Assert.Contains("tty-ok", tty.Stdout);

        var code = Docker(["run", "--rm", .. RunFlags, Image, "sh", "-c", "exit 5"]);
        Assert.Equal(5, code.Code);

        var started = Docker(["run", "-d", "--name", "sleeper", .. RunFlags, Image, "sleep", "1000"]);
        Assert.True(started.Code == 0, started.Stderr);
        var exec = Docker("exec", "sleeper", "sh", "-c", "echo exec-ok pid1=$(cat /proc/1/comm)");
        Assert.True(exec.Code == 0, exec.Stderr);
        Assert.Equal("exec-ok pid1=sleep\n", exec.Stdout);
        var execTty = Docker("exec", "-t", "sleeper", "tty");
        Assert.Contains("/dev/pts/", execTty.Stdout);
        Assert.Equal(3, Docker("exec", "sleeper", "sh", "-c", "exit 3").Code);
        Assert.Equal("", Docker("pause", "sleeper").Stderr);
        Assert.Contains("paused", Docker("inspect", "-f", "{{.State.Status}}", "sleeper").Stdout);
        Assert.Equal("", Docker("unpause", "sleeper").Stderr);
        Assert.Equal("", Docker("update", "--memory", "64m", "--memory-swap", "128m", "sleeper").Stderr);
        Assert.Contains("sleep", Docker("top", "sleeper").Stdout);
        var stop = Docker("stop", "-t", "1", "sleeper");
        Assert.True(stop.Code == 0, stop.Stderr);
        Assert.Equal("137\n", Docker("inspect", "-f", "{{.State.ExitCode}}", "sleeper").Stdout);
        Assert.Equal("", Docker("start", "sleeper").Stderr);
        var rm = Docker("rm", "-f", "sleeper");
        Assert.True(rm.Code == 0, rm.Stderr);
        Assert.Empty(Docker("ps", "-aq").Stdout.Trim());
    }

    public void Dispose()
    {
        try
        {
            if (_daemon is { HasExited: false })
            {
                foreach (var id in Docker("ps", "-aq").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)) Docker("rm", "-f", id);
                RuntimeHarness.Run("kill", ["-TERM", _daemon.Id.ToString()]);
                if (!_daemon.WaitForExit(30_000)) _daemon.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            // Anything the daemon left mounted under its directories goes before they do.
            foreach (var line in File.ReadAllLines("/proc/self/mounts").Reverse())
            {
                var target = line.Split(' ')[1];
                if (target.StartsWith(_dir, StringComparison.Ordinal)) RuntimeHarness.Run("umount", ["-l", target]);
            }
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            _h.Dispose();
        }
    }
}
