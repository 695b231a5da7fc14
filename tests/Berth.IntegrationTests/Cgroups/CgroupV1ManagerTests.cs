using Berth.Linux.Cgroups;
using Berth.Oci.Runtime;
using Xunit.Abstractions;

namespace Berth.IntegrationTests.Cgroups;

/// <summary>The suite on this host's cgroup v1 controllers, plus every resource written and read back.</summary>
[Trait("Category", "Integration")]
public sealed class CgroupV1ManagerTests(ITestOutputHelper output) : CgroupManagerSuite(output)
{
    private static readonly CgroupMountTable Mounts = CgroupMountTable.Current;

    protected override bool Unavailable => !Mounts.V1Controllers.ContainsKey("memory") && !Mounts.V1Controllers.ContainsKey("pids");

    protected override ICgroupManager Open(string path) => new CgroupV1Manager(path, Mounts);

    protected override bool Supports(string controller) => Mounts.V1Controllers.ContainsKey(controller == "cpu" ? "cpuacct" : controller);

    protected override IEnumerable<string> DirectoriesOf(string path) =>
        CgroupV1Manager.DefaultControllers.Select(c => new CgroupV1Manager(path, Mounts).DirectoryOf(c)).OfType<string>();

    private string Dir(string controller) => new CgroupV1Manager(TestPath, Mounts).DirectoryOf(controller)!;

    /// <summary>major:minor of a real block device of this machine (throttling refuses unknown ones).</summary>
    private static (long Major, long Minor) BlockDevice()
    {
        string name = Directory.GetDirectories("/sys/block").Select(Path.GetFileName).OfType<string>()
            .OrderBy(n => n.StartsWith("loop") || n.StartsWith("zram") ? 1 : 0).First();
        var parts = File.ReadAllText($"/sys/block/{name}/dev").Trim().Split(':');
        return (long.Parse(parts[0]), long.Parse(parts[1]));
    }

    private string ReadBack(string controller, string file) => File.ReadAllText(Path.Combine(Dir(controller), file)).Trim();

    [Fact]
    public void EveryResourceIsWrittenAndReadsBack()
    {
        if (Unavailable) return;
        var cgroup = Open(TestPath);
        cgroup.Create();
        Assert.NotEqual("", ReadBack("cpuset", "cpuset.cpus")); // copied from the parent
        var (major, minor) = BlockDevice();
        string dev = $"{major}:{minor}";
        var resources = new LinuxResources
        {
            Memory = new LinuxMemory { Limit = 64 << 20, Reservation = 32 << 20, Swap = 96 << 20, Swappiness = 10, DisableOomKiller = false, KernelTcp = 16 << 20 },
            Cpu = new LinuxCpu { Shares = 512, Quota = 50000, Period = 100000, Burst = 10000, Cpus = "0", Mems = "0", Idle = 0 },
            Pids = new LinuxPids { Limit = 42 },
            BlockIO = new LinuxBlockIo
            {
                Weight = 300,
                ThrottleReadBpsDevice = [new LinuxThrottleDevice { Major = major, Minor = minor, Rate = 1048576 }],
                ThrottleWriteBpsDevice = [new LinuxThrottleDevice { Major = major, Minor = minor, Rate = 2097152 }],
                ThrottleReadIopsDevice = [new LinuxThrottleDevice { Major = major, Minor = minor, Rate = 100 }],
                ThrottleWriteIopsDevice = [new LinuxThrottleDevice { Major = major, Minor = minor, Rate = 200 }],
            },
            Devices =
            [
                new LinuxDeviceCgroup { Allow = false, Access = "rwm" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" },
                new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 136, Access = "rw" },
            ],
        };
        cgroup.Apply(resources);

        Assert.Equal((64 << 20).ToString(), ReadBack("memory", "memory.limit_in_bytes"));
        Assert.Equal((32 << 20).ToString(), ReadBack("memory", "memory.soft_limit_in_bytes"));
        Assert.Equal((96 << 20).ToString(), ReadBack("memory", "memory.memsw.limit_in_bytes"));
        Assert.Equal("10", ReadBack("memory", "memory.swappiness"));
        Assert.Equal((16 << 20).ToString(), ReadBack("memory", "memory.kmem.tcp.limit_in_bytes"));
        Assert.Contains("oom_kill_disable 0", ReadBack("memory", "memory.oom_control"));
        Assert.Equal("512", ReadBack("cpu", "cpu.shares"));
        Assert.Equal("50000", ReadBack("cpu", "cpu.cfs_quota_us"));
        Assert.Equal("100000", ReadBack("cpu", "cpu.cfs_period_us"));
        Assert.Equal("10000", ReadBack("cpu", "cpu.cfs_burst_us"));
        Assert.Equal("0", ReadBack("cpu", "cpu.idle"));
        Assert.Equal("0", ReadBack("cpuset", "cpuset.cpus"));
        Assert.Equal("0", ReadBack("cpuset", "cpuset.mems"));
        Assert.Equal("42", ReadBack("pids", "pids.max"));
        Assert.Contains("300", ReadBack("blkio", "blkio.bfq.weight"));
        Assert.Equal(dev + " 1048576", ReadBack("blkio", "blkio.throttle.read_bps_device"));
        Assert.Equal(dev + " 2097152", ReadBack("blkio", "blkio.throttle.write_bps_device"));
        Assert.Equal(dev + " 100", ReadBack("blkio", "blkio.throttle.read_iops_device"));
        Assert.Equal(dev + " 200", ReadBack("blkio", "blkio.throttle.write_iops_device"));
        Assert.Equal(["c 1:3 rwm", "c 136:* rw"], ReadBack("devices", "devices.list").Split('\n'));

        // Update: lower memory below memsw (limit first), then raise both above (memsw first); swap -1.
        cgroup.Apply(new LinuxResources { Memory = new LinuxMemory { Limit = 16 << 20, Swap = 32 << 20 } });
        Assert.Equal((16 << 20).ToString(), ReadBack("memory", "memory.limit_in_bytes"));
        Assert.Equal((32 << 20).ToString(), ReadBack("memory", "memory.memsw.limit_in_bytes"));
        cgroup.Apply(new LinuxResources { Memory = new LinuxMemory { Limit = 256 << 20, Swap = 512 << 20 } });
        Assert.Equal((256 << 20).ToString(), ReadBack("memory", "memory.limit_in_bytes"));
        Assert.Equal((512 << 20).ToString(), ReadBack("memory", "memory.memsw.limit_in_bytes"));
        cgroup.Apply(new LinuxResources { Memory = new LinuxMemory { Limit = -1 } });
        Assert.Equal("9223372036854771712", ReadBack("memory", "memory.limit_in_bytes"));
        Assert.Equal("9223372036854771712", ReadBack("memory", "memory.memsw.limit_in_bytes"));
        cgroup.Apply(new LinuxResources { Pids = new LinuxPids { Limit = -1 }, Cpu = new LinuxCpu { Quota = -1 } });
        Assert.Equal("max", ReadBack("pids", "pids.max"));
        Assert.Equal("-1", ReadBack("cpu", "cpu.cfs_quota_us"));

        // Everything allowed again, then a deny of one device.
        cgroup.Apply(new LinuxResources { Devices = [new LinuxDeviceCgroup { Allow = true, Access = "rwm" }, new LinuxDeviceCgroup { Allow = false, Type = "c", Major = 1, Minor = 3, Access = "w" }] });
        Assert.Equal("a *:* rwm", ReadBack("devices", "devices.list"));
    }

    [Fact]
    public void OptionalControllersAndErrorsNameTheFile()
    {
        if (Unavailable) return;
        var cgroup = Open(TestPath);
        cgroup.Create();
        var e = Assert.Throws<Berth.Linux.SyscallException>(() => cgroup.Apply(new LinuxResources { Cpu = new LinuxCpu { Shares = 1, Quota = 10 } }));
        Output.WriteLine(e.Message);
        Assert.Contains(Path.Combine(Dir("cpu"), "cpu.cfs_quota_us"), e.Message);
        Assert.Throws<NotSupportedException>(() => cgroup.Apply(new LinuxResources { Unified = new() { ["memory.high"] = "1G" } }));
        if (!Mounts.V1Controllers.ContainsKey("hugetlb"))
            Assert.Contains("hugetlb", Assert.Throws<IOException>(() => cgroup.Apply(new LinuxResources { HugepageLimits = [new LinuxHugepageLimit { PageSize = "2MB", Limit = 0 }] })).Message);
        if (!Mounts.V1Controllers.ContainsKey("net_cls"))
            Assert.Contains("net_cls", Assert.Throws<IOException>(() => cgroup.Apply(new LinuxResources { Network = new LinuxNetwork { ClassId = 0x100001 } })).Message);
    }

    [Fact]
    public void DeviceRulesAreEnforced()
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
            ],
        });
        var p = Start("head -c 3 /dev/zero | wc -c; echo x > /dev/null && echo null-ok");
        cgroup.AddProcess(p.Pid);
        p.Go();
        p.Wait(TimeSpan.FromSeconds(10));
        Output.WriteLine(p.Stdout + p.Stderr);
        Assert.Equal("3", p.Stdout.Split('\n')[0].Trim());
        Assert.DoesNotContain("null-ok", p.Stdout);
        Assert.Contains("/dev/null", p.Stderr);
    }
}
