using Berth.Linux.Cgroups;
using Berth.Oci.Runtime;
using Xunit.Abstractions;

namespace Berth.IntegrationTests.Cgroups;

/// <summary>
/// What every <see cref="ICgroupManager"/> must do, run against each implementation on this host's real cgroups.
/// Cgroups are named "/berth-test-&lt;random&gt;" and removed in Dispose, processes killed.
/// Tests needing a controller the hierarchy does not offer here (e.g. memory on the hybrid v2 "unified" mount)
/// say so in their output and stop: <see cref="Has"/>.
/// </summary>
public abstract class CgroupManagerSuite : IDisposable
{
    protected readonly ITestOutputHelper Output;
    protected readonly string TestPath = "/berth-test-" + Guid.NewGuid().ToString("n")[..12];
    private readonly List<TestProcess> _processes = new();

    protected CgroupManagerSuite(ITestOutputHelper output) => Output = output;

    /// <summary>The implementation under test for <paramref name="path"/>.</summary>
    protected abstract ICgroupManager Open(string path);

    /// <summary>Whether the hierarchy can control <paramref name="controller"/> (memory, pids, cpu) here.</summary>
    protected abstract bool Supports(string controller);

    /// <summary>Directories that must exist after Create and be gone after Destroy.</summary>
    protected abstract IEnumerable<string> DirectoriesOf(string path);

    /// <summary>True when the implementation cannot run on this host at all (the suite then checks nothing).</summary>
    protected abstract bool Unavailable { get; }

    protected bool Has(string controller)
    {
        if (Supports(controller)) return true;
        Output.WriteLine($"skipped: no {controller} controller in this hierarchy on this host");
        return false;
    }

    protected TestProcess Start(string script)
    {
        var p = TestProcess.Held(script);
        _processes.Add(p);
        return p;
    }

    /// <summary>Undoes changes the test made outside its own cgroup (runs after the cgroup is gone).</summary>
    protected virtual void RestoreHost() { }

    public void Dispose()
    {
        foreach (var p in _processes) p.Dispose();
        if (Unavailable) return;
        try
        {
            DisposeCgroup();
        }
        finally
        {
            RestoreHost();
        }
    }

    private void DisposeCgroup()
    {
        var cgroup = Open(TestPath);
        try
        {
            if (cgroup.Exists())
            {
                if (cgroup.IsFrozen()) cgroup.Thaw();
                cgroup.SignalAll(9);
                cgroup.Destroy();
            }
        }
        catch (Exception e)
        {
            Output.WriteLine("cleanup: " + e.Message);
        }
    }

    [Fact]
    public void CreateIsIdempotentAndDestroyLeavesNothing()
    {
        if (Unavailable) return;
        var cgroup = Open(TestPath);
        Assert.False(cgroup.Exists());
        cgroup.Create();
        cgroup.Create();
        Assert.True(cgroup.Exists());
        Assert.All(DirectoriesOf(TestPath), d => Assert.True(Directory.Exists(d), d));

        var child = Open(TestPath + "/child/grandchild");
        child.Create();
        Assert.True(child.Exists());

        cgroup.Destroy();
        Assert.False(cgroup.Exists());
        Assert.All(DirectoriesOf(TestPath), d => Assert.False(Directory.Exists(d), d));
        cgroup.Destroy(); // nothing left to remove: no error
    }

    [Fact]
    public void AGoneCgroupReadsAsEmpty()
    {
        if (Unavailable) return;
        var cgroup = Open(TestPath + "/never-created");
        Assert.False(cgroup.Exists());
        Assert.Empty(cgroup.GetPids());
        Assert.False(cgroup.IsFrozen());
    }

    [Fact]
    public void AddProcessMovesItAndGetPidsFindsItRecursively()
    {
        if (Unavailable) return;
        // Processes only in leaves: on v2 a cgroup that passes controllers on to children holds none itself.
        var cgroup = Open(TestPath);
        var left = Open(TestPath + "/left");
        var right = Open(TestPath + "/right/deeper");
        left.Create();
        right.Create();
        var a = Start("exec sleep 1000");
        var b = Start("exec sleep 1000");
        left.AddProcess(a.Pid);
        right.AddProcess(b.Pid);

        Assert.Equal([a.Pid], left.GetPids(recursive: false));
        Assert.Empty(cgroup.GetPids(recursive: false));
        Assert.Equal(new[] { a.Pid, b.Pid }.Order(), cgroup.GetPids().Order());
        Assert.Contains(":" + TestPath + "/left\n", File.ReadAllText($"/proc/{a.Pid}/cgroup") + "\n");
        Assert.Contains(":" + TestPath + "/right/deeper\n", File.ReadAllText($"/proc/{b.Pid}/cgroup") + "\n");

        var e = Assert.Throws<Berth.Linux.SyscallException>(() => left.AddProcess(int.MaxValue - 1));
        Assert.Contains("cgroup.procs", e.Message);
    }

    [Fact]
    public void FreezeStopsTheProcessAndThawResumesIt()
    {
        if (Unavailable) return;
        var cgroup = Open(TestPath);
        cgroup.Create();
        var spinner = Start("while :; do :; done");
        cgroup.AddProcess(spinner.Pid);
        spinner.Go();
        Thread.Sleep(100);

        cgroup.Freeze();
        Assert.True(cgroup.IsFrozen());
        var (state, before) = TestProcess.Stat(spinner.Pid);
        Thread.Sleep(300);
        var (stateLater, after) = TestProcess.Stat(spinner.Pid);
        Output.WriteLine($"frozen: state {state}/{stateLater}, cpu ticks {before} -> {after}");
        Assert.NotEqual('R', stateLater);
        Assert.Equal(before, after);

        cgroup.Thaw();
        Assert.False(cgroup.IsFrozen());
        Thread.Sleep(300);
        var (_, resumed) = TestProcess.Stat(spinner.Pid);
        Output.WriteLine($"thawed: cpu ticks {after} -> {resumed}");
        Assert.True(resumed > after);
    }

    [Fact]
    public void SignalAllKillsEveryProcessIncludingForks()
    {
        if (Unavailable) return;
        var cgroup = Open(TestPath);
        cgroup.Create();
        var parent = Start("sleep 1000 & sleep 1000 & wait");
        cgroup.AddProcess(parent.Pid);
        parent.Go();
        Assert.True(SpinUntil(() => cgroup.GetPids().Count == 3), string.Join(",", cgroup.GetPids()));

        cgroup.SignalAll(9);
        Assert.Empty(cgroup.GetPids());
        Assert.Equal(128 + 9, parent.Wait(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void SignalAllSendsOtherSignalsOnceAndLeavesTheCgroupAsItWas()
    {
        if (Unavailable) return;
        var cgroup = Open(TestPath);
        cgroup.Create();
        var p = Start("trap 'echo got-term; exit 3' TERM; while :; do sleep 0.05; done");
        cgroup.AddProcess(p.Pid);
        p.Go();
        Thread.Sleep(100);
        cgroup.SignalAll(15);
        Assert.Equal(3, p.Wait(TimeSpan.FromSeconds(5)));
        Assert.Contains("got-term", p.Stdout);
        Assert.False(cgroup.IsFrozen());
    }

    [Fact]
    public void SignalAllKillsAFrozenCgroup()
    {
        if (Unavailable) return;
        var cgroup = Open(TestPath);
        cgroup.Create();
        var p = Start("exec sleep 1000");
        cgroup.AddProcess(p.Pid);
        p.Go();
        cgroup.Freeze();
        cgroup.SignalAll(9);
        Assert.Equal(128 + 9, p.Wait(TimeSpan.FromSeconds(5)));
        Assert.Empty(cgroup.GetPids());
        if (cgroup.IsFrozen()) cgroup.Thaw();
        cgroup.Destroy();
        Assert.False(cgroup.Exists());
    }

    [Fact]
    public void StatsCountCpuMemoryAndPids()
    {
        if (Unavailable) return;
        var cgroup = Open(TestPath);
        cgroup.Create();
        // Memory is charged where it is allocated: allocate after the move (and keep it), then burn cpu.
        var spinner = Start("x=$(head -c 4000000 /dev/zero | tr '\\0' a); i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done; sleep 1000");
        cgroup.AddProcess(spinner.Pid);
        spinner.Go();
        Assert.True(SpinUntil(() => cgroup.GetStats().Cpu.TotalUsageNs > 50_000_000, 20000), "no cpu usage counted");
        var stats = cgroup.GetStats();
        Output.WriteLine($"cpu {stats.Cpu.TotalUsageNs} ns (user {stats.Cpu.UserUsageNs}, system {stats.Cpu.SystemUsageNs}), " +
                         $"memory {stats.Memory.Usage} (max {stats.Memory.MaxUsage}, limit {stats.Memory.Limit}), pids {stats.Pids.Current}/{stats.Pids.Limit}");
        Assert.True(stats.Cpu.TotalUsageNs > 0);
        if (Has("memory"))
        {
            Assert.True(stats.Memory.Usage > 0);
            Assert.NotEmpty(stats.Memory.Stats);
        }
        if (Has("pids")) Assert.True(stats.Pids.Current >= 1);
    }

    [Fact]
    public void PidsLimitMakesForkFail()
    {
        if (Unavailable || !Has("pids")) return;
        var cgroup = Open(TestPath);
        cgroup.Create();
        cgroup.Apply(new LinuxResources { Pids = new LinuxPids { Limit = 4 } });
        Assert.Equal(4UL, cgroup.GetStats().Pids.Limit);
        var p = Start("for i in 1 2 3 4 5 6; do sleep 1000 & done; echo started; kill $(jobs -p) 2>/dev/null; exit 0");
        cgroup.AddProcess(p.Pid);
        p.Go();
        p.Wait(TimeSpan.FromSeconds(20));
        Output.WriteLine(p.Stderr);
        Assert.Contains("can't fork", p.Stderr);
    }

    [Fact]
    public void MemoryLimitGetsAHogKilled()
    {
        if (Unavailable || !Has("memory")) return;
        var cgroup = Open(TestPath);
        cgroup.Create();
        cgroup.Apply(new LinuxResources { Memory = new LinuxMemory { Limit = 32 << 20, Swap = 32 << 20 } });
        // The shell holds the whole command substitution in its own memory: 100 MB does not fit in 32 MB.
        var hog = Start("x=$(head -c 100000000 /dev/zero | tr '\\0' a); echo survived ${#x}");
        cgroup.AddProcess(hog.Pid);
        hog.Go();
        int status = hog.Wait(TimeSpan.FromSeconds(60));
        var stats = cgroup.GetStats();
        Output.WriteLine($"hog exit {status}, stdout '{hog.Stdout.Trim()}', memory max usage {stats.Memory.MaxUsage}, failcnt {stats.Memory.Failcnt}");
        Assert.Equal(128 + 9, status);
        Assert.DoesNotContain("survived", hog.Stdout);
        Assert.True(stats.Memory.MaxUsage <= 32 << 20, $"max usage {stats.Memory.MaxUsage}");
    }

    protected static bool SpinUntil(Func<bool> condition, int timeoutMs = 5000)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline) return false;
            Thread.Sleep(10);
        }
        return true;
    }
}
