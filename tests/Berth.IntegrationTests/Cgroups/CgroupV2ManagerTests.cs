using Berth.Linux.Cgroups;
using Berth.Oci.Runtime;
using Xunit.Abstractions;

namespace Berth.IntegrationTests.Cgroups;

/// <summary>
/// The suite on the host's cgroup2 hierarchy: /sys/fs/cgroup on a pure v2 host; on this hybrid development host
/// the "unified" mount, which has no memory/pids/cpu/io controllers (they belong to v1 here) but the v2 core:
/// cgroup.procs, cgroup.freeze, cgroup.kill, cpu.stat, device eBPF programs.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CgroupV2ManagerTests(ITestOutputHelper output) : CgroupManagerSuite(output)
{
    private static readonly CgroupHierarchy? Hierarchy = CgroupMountTable.Current.V2;

    protected override bool Unavailable => Hierarchy is null;

    protected override ICgroupManager Open(string path) => new CgroupV2Manager(path, Hierarchy!);

    protected override bool Supports(string controller) =>
        File.ReadAllText(Path.Combine(Hierarchy!.DirectoryOf(Hierarchy.Root), "cgroup.controllers")).Split(' ', '\n').Contains(controller);

    protected override IEnumerable<string> DirectoriesOf(string path) => [Hierarchy!.DirectoryOf(path)];

    private string Dir => Hierarchy!.DirectoryOf(TestPath);

    private string RootControl => Path.Combine(Hierarchy!.DirectoryOf(Hierarchy.Root), "cgroup.subtree_control");

    // Create() enables controllers in the root's cgroup.subtree_control (on the hybrid host: hugetlb in "unified",
    // which other tools there do not expect): put back what was enabled before.
    private readonly string[] _rootControllers = Hierarchy is null ? [] : File.ReadAllText(Path.Combine(Hierarchy.DirectoryOf(Hierarchy.Root), "cgroup.subtree_control")).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries);

    protected override void RestoreHost()
    {
        foreach (string c in File.ReadAllText(RootControl).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Except(_rootControllers))
        {
            try { File.WriteAllText(RootControl, "-" + c); }
            catch (IOException e) { Output.WriteLine($"restoring {RootControl}: -{c}: {e.Message}"); }
        }
    }

    [Fact]
    public void DeviceProgramIsAttachedReplacedAndEnforced()
    {
        if (Unavailable) return;
        var cgroup = Open(TestPath);
        cgroup.Create();
        cgroup.Apply(new LinuxResources
        {
            Devices =
            [
                new LinuxDeviceCgroup { Allow = false, Access = "rwm" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 5, Access = "rwm" }, // /dev/zero
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "r" },   // /dev/null, read only
            ],
        });
        var first = CgroupDeviceFilter.AttachedPrograms(Dir);
        Assert.Single(first);

        var p = Start("head -c 3 /dev/zero | wc -c; cat /dev/null && echo read-ok; echo x > /dev/null && echo write-ok; head -c 1 /dev/urandom >/dev/zero && echo urandom-ok");
        cgroup.AddProcess(p.Pid);
        p.Go();
        p.Wait(TimeSpan.FromSeconds(10));
        Output.WriteLine(p.Stdout + p.Stderr);
        Assert.Equal("3", p.Stdout.Split('\n')[0].Trim());
        Assert.Contains("read-ok", p.Stdout);
        Assert.DoesNotContain("write-ok", p.Stdout);
        Assert.DoesNotContain("urandom-ok", p.Stdout);
        Assert.Contains("Operation not permitted", p.Stderr);

        // Applying again replaces the program instead of stacking another one.
        cgroup.Apply(new LinuxResources { Devices = [new LinuxDeviceCgroup { Allow = true, Access = "rwm" }] });
        var second = CgroupDeviceFilter.AttachedPrograms(Dir);
        Assert.Single(second);
        Assert.NotEqual(first[0], second[0]);
        var q = Start("echo x > /dev/null && echo write-ok");
        cgroup.AddProcess(q.Pid);
        q.Go();
        q.Wait(TimeSpan.FromSeconds(10));
        Assert.Contains("write-ok", q.Stdout);
    }

    [Fact]
    public void ResourcesOfControllersThatAreAvailableAreWrittenAndReadBack()
    {
        if (Unavailable) return;
        var cgroup = Open(TestPath);
        cgroup.Create();
        // On the hybrid host none of these controllers is available: writing must fail naming the file.
        var memory = new LinuxResources { Memory = new LinuxMemory { Limit = 64 << 20, Swap = 96 << 20, Reservation = 16 << 20 }, Pids = new LinuxPids { Limit = 42 }, Cpu = new LinuxCpu { Shares = 1024, Quota = 50000, Period = 100000 } };
        if (Has("memory") && Has("pids") && Has("cpu"))
        {
            cgroup.Apply(memory);
            Assert.Equal((64 << 20).ToString(), File.ReadAllText(Path.Combine(Dir, "memory.max")).Trim());
            Assert.Equal((32 << 20).ToString(), File.ReadAllText(Path.Combine(Dir, "memory.swap.max")).Trim());
            Assert.Equal((16 << 20).ToString(), File.ReadAllText(Path.Combine(Dir, "memory.low")).Trim());
            Assert.Equal("42", File.ReadAllText(Path.Combine(Dir, "pids.max")).Trim());
            Assert.Equal("39", File.ReadAllText(Path.Combine(Dir, "cpu.weight")).Trim());
            Assert.Equal("50000 100000", File.ReadAllText(Path.Combine(Dir, "cpu.max")).Trim());
        }
        else
        {
            var e = Assert.Throws<Berth.Linux.SyscallException>(() => cgroup.Apply(memory));
            Output.WriteLine(e.Message);
            Assert.Contains(Dir, e.Message);
        }
        if (Has("hugetlb") && Directory.Exists("/sys/kernel/mm/hugepages/hugepages-2048kB"))
        {
            // The one controller the hybrid host leaves to v2.
            cgroup.Apply(new LinuxResources { HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 4 << 20 }] });
            Assert.Equal((4 << 20).ToString(), File.ReadAllText(Path.Combine(Dir, "hugetlb.2MB.max")).Trim());
        }
        // "unified" writes raw files: cgroup.max.descendants exists without any controller.
        cgroup.Apply(new LinuxResources { Unified = new() { ["cgroup.max.descendants"] = "7" } });
        Assert.Equal("7", File.ReadAllText(Path.Combine(Dir, "cgroup.max.descendants")).Trim());
        Assert.Throws<ArgumentException>(() => cgroup.Apply(new LinuxResources { Unified = new() { ["../cgroup.procs"] = "1" } }));
        Assert.Throws<NotSupportedException>(() => cgroup.Apply(new LinuxResources { Network = new LinuxNetwork { ClassId = 1 } }));
    }

    [Fact]
    public void CgroupKillEndsTheSubtree()
    {
        if (Unavailable) return;
        var cgroup = Open(TestPath);
        cgroup.Create();
        Assert.True(File.Exists(Path.Combine(Dir, "cgroup.kill")));
        var one = Open(TestPath + "/one");
        var two = Open(TestPath + "/two/inner");
        one.Create();
        two.Create();
        var a = Start("exec sleep 1000");
        var b = Start("sleep 1000 & wait");
        one.AddProcess(a.Pid);
        two.AddProcess(b.Pid);
        b.Go();
        Assert.True(SpinUntil(() => cgroup.GetPids().Count == 3));
        cgroup.SignalAll(9); // cgroup.kill on the top one reaches both
        Assert.Empty(cgroup.GetPids());
        Assert.Equal(137, a.Wait(TimeSpan.FromSeconds(5)));
        Assert.Equal(137, b.Wait(TimeSpan.FromSeconds(5)));
    }
}
