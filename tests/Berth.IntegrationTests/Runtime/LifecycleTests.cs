using System.Diagnostics;
using Berth.Oci.Runtime;

namespace Berth.IntegrationTests.Runtime;

/// <summary>create → start → state → exec → pause/resume → kill → delete, as containerd drives runc.</summary>
[Trait("Category", "Integration")]
[Collection("runtime")]
public sealed class LifecycleTests : IDisposable
{
    private readonly RuntimeHarness _h = new();

    public void Dispose() => _h.Dispose();

    private string CreateSleeper(Action<RuntimeSpec>? edit = null, string? pidFile = null)
    {
        string id = _h.NewId();
        string bundle = _h.Bundle(["sleep", "1000"], edit);
        var args = new List<string> { "create", "--bundle", bundle };
        if (pidFile is not null) args.AddRange(["--pid-file", pidFile]);
        args.Add(id);
        var r = _h.Runtime([.. args]);
        Assert.True(r.Code == 0, r.Stderr);
        return id;
    }

    private static string CgroupDir(string id) =>
        File.Exists("/sys/fs/cgroup/cgroup.controllers") ? $"/sys/fs/cgroup/berth-runtime/{id}" : $"/sys/fs/cgroup/pids/berth-runtime/{id}";

    [Fact]
    public void CreateStartKillDelete()
    {
        string pidFile = Path.Combine(_h.Work, "init.pid");
        string id = CreateSleeper(pidFile: pidFile);
        var state = _h.State(id);
        Assert.Equal("created", (string)state["status"]!);
        int pid = (int)state["pid"]!;
        Assert.Equal(pid.ToString(), File.ReadAllText(pidFile));
        // The init waits on the exec fifo: it is not running sleep yet.
        Assert.NotEqual("sleep", File.ReadAllText($"/proc/{pid}/comm").Trim());
        Assert.True(Directory.Exists(CgroupDir(id)));
        Assert.Contains(pid.ToString(), File.ReadAllText(Path.Combine(CgroupDir(id), "cgroup.procs")));

        Assert.Equal(0, _h.Runtime("start", id).Code);
        Assert.Equal("running", (string)_h.State(id)["status"]!);
        Assert.Equal("sleep", File.ReadAllText($"/proc/{pid}/comm").Trim());
        Assert.Equal(1, _h.Runtime("start", id).Code);

        var refused = _h.Runtime("delete", id);
        Assert.Equal(1, refused.Code);
        Assert.Contains("not stopped", refused.Stderr);

        Assert.Equal(0, _h.Runtime("kill", id, "KILL").Code);
        WaitFor(() => (string)_h.State(id)["status"]! == "stopped");
        Assert.Equal(0, (int)_h.State(id)["pid"]!);
        Assert.Equal(1, _h.Runtime("kill", id, "TERM").Code);
        Assert.Equal(0, _h.Runtime("delete", id).Code);
        Assert.False(Directory.Exists(CgroupDir(id)));
        Assert.False(Directory.Exists(Path.Combine(_h.Root, id)));
        Assert.Equal(1, _h.Runtime("state", id).Code);
    }

    [Fact]
    public void DeleteOfCreatedContainerKillsItsInit()
    {
        string id = CreateSleeper();
        int pid = (int)_h.State(id)["pid"]!;
        Assert.Equal(0, _h.Runtime("delete", id).Code);
        WaitFor(() => !File.Exists($"/proc/{pid}/stat") || File.ReadAllText($"/proc/{pid}/stat").Contains(") Z "));
        Assert.False(Directory.Exists(CgroupDir(id)));
    }

    [Fact]
    public void ForcedDeleteKillsARunningContainer()
    {
        string id = CreateSleeper();
        _h.Runtime("start", id);
        Assert.Equal(0, _h.Runtime("delete", "-f", id).Code);
        Assert.Empty(_h.Runtime("list", "-q").Stdout);
        Assert.False(Directory.Exists(CgroupDir(id)));
    }

    [Fact]
    public void ExecJoinsTheContainerNamespacesAndCgroup()
    {
        string id = CreateSleeper();
        _h.Runtime("start", id);
        int pid = (int)_h.State(id)["pid"]!;
        var expected = new List<string>();
        foreach (var ns in new[] { "mnt", "pid", "net", "uts", "ipc", "cgroup" }) expected.Add(new FileInfo($"/proc/{pid}/ns/{ns}").LinkTarget!);
        var r = _h.Runtime("exec", id, "sh", "-c",
            "for n in mnt pid net uts ipc cgroup; do readlink /proc/self/ns/$n; done; hostname; echo pid=$$; cat /proc/self/cgroup | grep pids");
        Assert.True(r.Code == 0, r.Stderr);
        var lines = r.Stdout.Split('\n');
        Assert.Equal(expected, lines[..6]);
        Assert.Equal("berth-test", lines[6]);
        Assert.NotEqual("pid=1", lines[7]);
        Assert.Equal(7, _h.Runtime("exec", id, "sh", "-c", "exit 7").Code);
        var user = _h.Runtime("exec", "--user", "1000:1000", "--env", "X=y", "--cwd", "/tmp", id, "sh", "-c", "id -u; echo $X; pwd");
        Assert.Equal("1000\ny\n/tmp\n", user.Stdout);
        var missing = _h.Runtime("exec", id, "nosuchprogram");
        Assert.Equal(1, missing.Code);
        Assert.Contains("executable file not found", missing.Stderr);
    }

    [Fact]
    public void ExecDetachedWritesThePidFile()
    {
        string id = CreateSleeper();
        _h.Runtime("start", id);
        string pidFile = Path.Combine(_h.Work, "exec.pid");
        string processFile = Path.Combine(_h.Work, "process.json");
        File.WriteAllText(processFile, """{"args":["sleep","50"],"cwd":"/","env":["PATH=/bin"],"user":{"uid":0,"gid":0}}""");
        var r = _h.Runtime("exec", "--process", processFile, "--detach", "--pid-file", pidFile, id);
        Assert.True(r.Code == 0, r.Stderr);
        int execPid = int.Parse(File.ReadAllText(pidFile));
        WaitFor(() => File.ReadAllText($"/proc/{execPid}/comm").Trim() == "sleep");
        var ps = _h.Runtime("ps", "--format", "json", id);
        Assert.Contains(execPid.ToString(), ps.Stdout);
    }

    [Fact]
    public void KillAllSignalsEveryProcess()
    {
        string id = CreateSleeper();
        _h.Runtime("start", id);
        _h.Runtime("exec", "-d", id, "sleep", "500");
        _h.Runtime("exec", "-d", id, "sleep", "600");
        WaitFor(() => _h.Runtime("ps", "--format", "json", id).Stdout.Count(c => c == ',') >= 2);
        Assert.Equal(0, _h.Runtime("kill", "--all", id, "9").Code);
        WaitFor(() => _h.Runtime("ps", "--format", "json", id).Stdout.Trim() == "[]");
        WaitFor(() => (string)_h.State(id)["status"]! == "stopped");
    }

    [Fact]
    public void PauseFreezesAndResumeThaws()
    {
        string id = CreateSleeper();
        _h.Runtime("start", id);
        Assert.Equal(0, _h.Runtime("pause", id).Code);
        Assert.Equal("paused", (string)_h.State(id)["status"]!);
        int pid = (int)_h.State(id)["pid"]!;
        WaitFor(() => File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] is "D" or "S" && IsFrozen(id));
        var exec = _h.Runtime("exec", id, "true");
        Assert.Equal(1, exec.Code);
        Assert.Contains("paused", exec.Stderr);
        Assert.Equal(0, _h.Runtime("resume", id).Code);
        Assert.Equal("running", (string)_h.State(id)["status"]!);
        Assert.False(IsFrozen(id));
        Assert.Equal(1, _h.Runtime("resume", id).Code);
    }

    private static bool IsFrozen(string id) =>
        File.Exists("/sys/fs/cgroup/cgroup.controllers")
            ? File.ReadAllText($"/sys/fs/cgroup/berth-runtime/{id}/cgroup.events").Contains("frozen 1")
            : File.ReadAllText($"/sys/fs/cgroup/freezer/berth-runtime/{id}/freezer.state").Trim() == "FROZEN";

    [Fact]
    public void RunReturns128PlusTheSignalThatKilledTheProgram()
    {
        string id = _h.NewId();
        string bundle = _h.Bundle(["sleep", "1000"]);
        var info = new ProcessStartInfo(_h.Binary) { RedirectStandardError = true };
        foreach (var a in new[] { "--root", _h.Root, "run", "--bundle", bundle, id }) info.ArgumentList.Add(a);
        using var run = Process.Start(info)!;
        try
        {
            WaitFor(() => _h.Runtime("state", id) is { Code: 0 } s && s.Stdout.Contains("running"));
            Assert.Equal(0, _h.Runtime("kill", id, "SIGKILL").Code);
            Assert.True(run.WaitForExit(10_000));
            Assert.Equal(137, run.ExitCode);
            Assert.Empty(_h.Runtime("list", "-q").Stdout);
        }
        finally
        {
            if (!run.HasExited) run.Kill();
        }
    }

    [Fact]
    public void RunForwardsTermToTheProgram()
    {
        string id = _h.NewId();
        // PID 1 gets only signals it handles: the shell traps TERM and exits 3.
        string bundle = _h.Bundle(["sh", "-c", "trap 'exit 3' TERM; while true; do sleep 0.1; done"]);
        var info = new ProcessStartInfo(_h.Binary);
        foreach (var a in new[] { "--root", _h.Root, "run", "--bundle", bundle, id }) info.ArgumentList.Add(a);
        using var run = Process.Start(info)!;
        try
        {
            WaitFor(() => _h.Runtime("state", id) is { Code: 0 } s && s.Stdout.Contains("running"));
            Thread.Sleep(200);
            RuntimeHarness.Run("kill", ["-TERM", run.Id.ToString()]);
            Assert.True(run.WaitForExit(10_000));
            Assert.Equal(3, run.ExitCode);
        }
        finally
        {
            if (!run.HasExited) run.Kill();
        }
    }

    [Fact]
    public void StateAndListHaveRuncShape()
    {
        string id = CreateSleeper(s => s.Annotations = new() { ["a"] = "b" });
        var state = _h.Runtime("state", id).Stdout;
        Assert.StartsWith("{\n  \"ociVersion\": ", state);
        foreach (var key in new[] { "\"id\"", "\"pid\"", "\"status\"", "\"bundle\"", "\"rootfs\"", "\"created\"", "\"annotations\"", "\"owner\"" })
            Assert.Contains(key, state);
        var list = _h.Runtime("list", "--format", "json").Stdout;
        Assert.StartsWith("[{\"ociVersion\"", list);
        var table = _h.Runtime("list").Stdout;
        Assert.StartsWith("ID ", table);
        Assert.Contains(id, table);
    }

    internal static void WaitFor(Func<bool> condition, int timeoutMs = 10_000)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (condition()) return;
            }
            catch (IOException) { }
            if (sw.ElapsedMilliseconds > timeoutMs) throw new TimeoutException("condition not met in time");
            Thread.Sleep(20);
        }
    }
}
