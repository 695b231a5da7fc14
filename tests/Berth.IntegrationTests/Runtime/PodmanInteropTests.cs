namespace Berth.IntegrationTests.Runtime;

/// <summary>
/// Podman (with conmon) using berth-runtime through --runtime, with its own storage, run root and cgroupfs.
/// Seccomp is off until the seccomp compiler is merged; rlimits are capped at this host's hard limits (root has no
/// CAP_SYS_RESOURCE here, and podman's default nofile of 1048576 is above it).
/// </summary>
[Trait("Category", "Integration")]
[Collection("runtime")]
public sealed class PodmanInteropTests : IDisposable
{
    private readonly RuntimeHarness _h = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-podman-").FullName;
    private const string Image = "localhost/berth-busybox:test";

    private RuntimeHarness.Result Podman(params string[] args) => RuntimeHarness.Run("/usr/bin/podman",
    [
        "--root", Path.Combine(_dir, "root"), "--runroot", Path.Combine(_dir, "run"), "--tmpdir", Path.Combine(_dir, "tmp"),
        "--runtime", _h.Binary, "--cgroup-manager", "cgroupfs", "--events-backend", "file", "--storage-driver", "vfs",
        .. args,
    ], TimeSpan.FromSeconds(120));

    [Fact]
    public void PodmanRunsContainersWithBerthRuntime()
    {
        if (!File.Exists("/usr/bin/podman")) throw new InvalidOperationException("podman is not installed (apt-get install podman)");
        string tar = Path.Combine(_dir, "rootfs.tar");
        Assert.Equal(0, RuntimeHarness.Run("tar", ["-C", _h.Rootfs, "-cf", tar, "."]).Code);
        var import = Podman("import", tar, Image);
        Assert.True(import.Code == 0, import.Stderr);
        string hard = RuntimeHarness.Sh("ulimit -Hn").Stdout.Trim();
        string[] flags = ["--network", "none", "--ulimit", $"nofile={hard}:{hard}", "--ulimit", "nproc=32768:32768"];

        var hi = Podman(["run", "--rm", .. flags, Image, "sh", "-c", "echo hi pid=$$"]);
        Assert.True(hi.Code == 0, hi.Stderr);
        Assert.Equal("hi pid=1\n", hi.Stdout);

        var code = Podman(["run", "--rm", .. flags, Image, "sh", "-c", "exit 4"]);
        Assert.Equal(4, code.Code);

        var started = Podman(["run", "-d", "--name", "sleeper", .. flags, Image, "sleep", "1000"]);
        Assert.True(started.Code == 0, started.Stderr);
        var exec = Podman("exec", "sleeper", "cat", "/proc/1/comm");
        Assert.True(exec.Code == 0, exec.Stderr);
        Assert.Equal("sleep\n", exec.Stdout);
        var rm = Podman("rm", "-f", "-t", "0", "sleeper");
        Assert.True(rm.Code == 0, rm.Stderr);
    }

    public void Dispose()
    {
        try
        {
            Podman("rm", "-a", "-f", "-t", "0");
            Podman("system", "reset", "--force");
        }
        catch (Exception) { }
        foreach (var line in File.ReadAllLines("/proc/self/mounts").Reverse())
        {
            var target = line.Split(' ')[1];
            if (target.StartsWith(_dir, StringComparison.Ordinal)) RuntimeHarness.Run("umount", ["-l", target]);
        }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        _h.Dispose();
    }
}
