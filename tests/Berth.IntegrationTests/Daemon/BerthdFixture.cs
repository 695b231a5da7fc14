using System.Diagnostics;
using Berth.IntegrationTests.Cli;

namespace Berth.IntegrationTests.Daemon;

/// <summary>
/// A private berthd from $BERTH_BIN on its own socket, data root and exec root, with a busybox image imported through
/// the real docker CLI. Disposing stops it by PID, removes every container it ran (their shims live on by design,
/// so they are killed by PID too), unmounts what is left under its roots and deletes them.
/// </summary>
public sealed class BerthdFixture : IDisposable
{
    private Process? _daemon;
    public string Root { get; }
    public string DataRoot => Path.Combine(Root, "data");
    public string ExecRoot => Path.Combine(Root, "run");
    public string Socket => Path.Combine(Root, "berth.sock");
    public string Host => "unix://" + Socket;
    public string LogPath => Path.Combine(Root, "berthd.log");
    public IReadOnlyList<string> ExtraArgs { get; }

    public BerthdFixture() : this([]) { }

    internal BerthdFixture(IReadOnlyList<string> extraArgs, bool importBusybox = true)
    {
        ExtraArgs = extraArgs;
        Root = Directory.CreateTempSubdirectory("berthd-it-").FullName;
        Start();
        if (importBusybox)
        {
            string tar = Path.Combine(Root, "busybox.tar");
            DockerdFixture.BuildBusyboxRootfs(tar);
            var import = Docker("import", tar, "busybox:latest");
            if (import.Code != 0) throw new InvalidOperationException("docker import into berthd failed: " + import.Err + ReadLog());
        }
    }

    /// <summary>Starts (or restarts) the daemon and waits until it answers.</summary>
    public void Start()
    {
        var psi = new ProcessStartInfo(Binaries.Berthd) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--data-root", DataRoot, "--exec-root", ExecRoot, "-H", Host, "--bin-dir", Binaries.Dir, "--config-file", "/dev/null" })
            psi.ArgumentList.Add(a);
        foreach (var a in ExtraArgs) psi.ArgumentList.Add(a);
        _daemon = Process.Start(psi)!;
        var log = File.AppendText(LogPath);
        log.AutoFlush = true;
        _daemon.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _daemon.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_daemon.HasExited) throw new InvalidOperationException("berthd exited at start: " + ReadLog());
            if (File.Exists(Socket) && Docker("version").Code == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("berthd did not start: " + ReadLog());
            Thread.Sleep(100);
        }
    }

    /// <summary>Stops the daemon: SIGTERM (graceful) or SIGKILL (a crash); running containers stay up.</summary>
    public void Stop(bool kill)
    {
        if (_daemon is null || _daemon.HasExited) return;
        if (kill) _daemon.Kill();
        else Process.Start("kill", ["-TERM", _daemon.Id.ToString()])!.WaitForExit();
        _daemon.WaitForExit(30_000);
        _daemon = null;
    }

    public int DaemonPid => _daemon?.Id ?? 0;

    public string ReadLog()
    {
        try { return File.ReadAllText(LogPath); } catch { return ""; }
    }

    public IReadOnlyDictionary<string, string> Env => new Dictionary<string, string>
    {
        ["DOCKER_HOST"] = Host, ["BERTH_HOST"] = Host, ["DOCKER_CLI_HINTS"] = "false", ["TZ"] = "UTC",
        ["DOCKER_CONFIG"] = Path.Combine(Root, "docker-config"),
    };

    /// <summary>Runs the real docker CLI 28 against this daemon.</summary>
    public ProcessRunner.Result Docker(params string[] args) => ProcessRunner.Run(Binaries.Docker, args, Env);

    public ProcessRunner.Result DockerWithInput(string stdin, params string[] args) => ProcessRunner.Run(Binaries.Docker, args, Env, stdin);

    /// <summary>Runs the berth CLI against this daemon.</summary>
    public ProcessRunner.Result Berth(params string[] args) => ProcessRunner.Run(Binaries.Berth, args, Env);

    public void Dispose()
    {
        try
        {
            if (_daemon is null || _daemon.HasExited) Start();
            var ids = Docker("ps", "-aq").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (ids.Length > 0) Docker(["rm", "-f", "-v", .. ids]);
        }
        catch (Exception) { }
        Stop(kill: false);
        // Shims of containers that could not be removed, then whatever is still mounted under our roots.
        foreach (var pidFile in Directory.Exists(ExecRoot) ? Directory.EnumerateFiles(ExecRoot, "*.pid", SearchOption.AllDirectories) : [])
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), out int pid)) try { Process.GetProcessById(pid).Kill(); } catch { }
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo").Reverse())
        {
            var mountPoint = line.Split(' ')[4];
            if (mountPoint.StartsWith(Root, StringComparison.Ordinal)) ProcessRunner.Run("umount", ["-l", mountPoint]);
        }
        try { Directory.Delete(Root, recursive: true); } catch { }
    }
}
