using System.Diagnostics;
using System.Formats.Tar;

namespace Berth.IntegrationTests.Cli;

/// <summary>
/// A private dockerd (Debian's 20.10, API 1.41) on its own socket, data root, exec root and pidfile, without
/// bridge or iptables changes, with a busybox image imported from busybox-static. Stopped by PID on dispose.
/// </summary>
public sealed class DockerdFixture : IDisposable
{
    private readonly Process? _dockerd;
    public string Root { get; }
    public string Socket { get; }
    public string Host => "unix://" + Socket;
    public string RootfsTar { get; }

    public DockerdFixture()
    {
        Root = Directory.CreateTempSubdirectory("berth-cli-it-").FullName;
        Socket = Path.Combine(Root, "docker.sock");
        var psi = new ProcessStartInfo("dockerd")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[]
        {
            "--data-root", Path.Combine(Root, "data"), "--exec-root", Path.Combine(Root, "exec"),
            "--pidfile", Path.Combine(Root, "dockerd.pid"), "-H", Host,
            "--bridge=none", "--iptables=false", "--ip6tables=false",
        }) psi.ArgumentList.Add(a);
        _dockerd = Process.Start(psi)!;
        _dockerd.OutputDataReceived += (_, _) => { };
        _dockerd.ErrorDataReceived += (_, _) => { };
        _dockerd.BeginOutputReadLine();
        _dockerd.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_dockerd.HasExited) throw new InvalidOperationException("dockerd exited at start");
            if (File.Exists(Socket) && Docker("version").Code == 0) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("dockerd did not start");
            Thread.Sleep(200);
        }
        RootfsTar = Path.Combine(Root, "busybox.tar");
        BuildBusyboxRootfs(RootfsTar);
        var import = Docker("import", RootfsTar, "busybox:latest");
        if (import.Code != 0) throw new InvalidOperationException("docker import failed: " + import.Err);
    }

    /// <summary>A busybox root filesystem: the static binary plus one symlink per applet.</summary>
    public static void BuildBusyboxRootfs(string tarPath)
    {
        string busybox = File.Exists("/bin/busybox") ? "/bin/busybox" : "/usr/bin/busybox";
        var applets = ProcessRunner.Run(busybox, ["--list"]).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var fs = File.Create(tarPath);
        using var w = new TarWriter(fs, TarEntryFormat.Ustar);
        foreach (var dir in new[] { "bin/", "etc/", "tmp/", "proc/", "sys/", "dev/", "root/" })
            w.WriteEntry(new UstarTarEntry(TarEntryType.Directory, dir) { Mode = (UnixFileMode)Convert.ToInt32("755", 8) });
        w.WriteEntry(busybox, "bin/busybox");
        foreach (var a in applets)
        {
            if (a == "busybox") continue;
            w.WriteEntry(new UstarTarEntry(TarEntryType.SymbolicLink, "bin/" + a) { LinkName = "busybox", Mode = (UnixFileMode)Convert.ToInt32("777", 8) });
        }
    }

    public IReadOnlyDictionary<string, string> Env(string configDir) => new Dictionary<string, string>
    {
        ["DOCKER_HOST"] = Host,
        ["BERTH_HOST"] = Host,
        ["DOCKER_CONFIG"] = configDir,
        ["DOCKER_CLI_HINTS"] = "false",
        ["TZ"] = "UTC",
    };

    public ProcessRunner.Result Docker(params string[] args) =>
        ProcessRunner.Run(Binaries.Docker, args, new Dictionary<string, string> { ["DOCKER_HOST"] = Host });

    /// <summary>Removes every container, custom network, volume and image other than busybox.</summary>
    public void Reset()
    {
        var ids = Docker("ps", "-aq").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length > 0) Docker(["rm", "-f", .. ids]);
        Docker("network", "prune", "-f");
        Docker("volume", "prune", "-af");
        foreach (var image in Docker("images", "--format", "{{.Repository}}:{{.Tag}}").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (image != "busybox:latest") Docker("rmi", "-f", image);
        Docker("image", "prune", "-f");
    }

    public void Dispose()
    {
        try
        {
            if (_dockerd is { HasExited: false })
            {
                ProcessRunner.Run("kill", ["-TERM", _dockerd.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                if (!_dockerd.WaitForExit(30_000)) _dockerd.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            // unmount anything dockerd or containerd left under our directories, deepest first
            var mounts = File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')[1])
                .Where(m => m.StartsWith(Root, StringComparison.Ordinal)).OrderByDescending(m => m.Length);
            foreach (var m in mounts) ProcessRunner.Run("umount", ["-l", m]);
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
            _dockerd?.Dispose();
        }
    }
}
