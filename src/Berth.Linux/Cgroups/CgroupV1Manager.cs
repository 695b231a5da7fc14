using System.Globalization;
using Berth.Oci.Runtime;

namespace Berth.Linux.Cgroups;

/// <summary>
/// A cgroup on cgroup v1: the same path in one hierarchy per controller (/sys/fs/cgroup/memory/berth/abc, ...).
/// Creates the directories Docker users expect (cpu, cpuacct, cpuset, memory, devices, freezer, blkio, pids) and
/// others (hugetlb, net_cls, net_prio) only when the resources use them.
/// </summary>
public sealed class CgroupV1Manager : ICgroupManager
{
    public static readonly IReadOnlyList<string> DefaultControllers = ["cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids"];
    public static readonly IReadOnlyList<string> OptionalControllers = ["hugetlb", "net_cls", "net_prio"];

    /// <summary>What memory.limit_in_bytes and memory.memsw.limit_in_bytes read when unlimited (PAGE_COUNTER_MAX pages).</summary>
    private const ulong Unlimited = 9223372036854771712;

    private readonly IReadOnlyDictionary<string, CgroupHierarchy> _controllers;
    private readonly CgroupMountTable _mounts;

    public CgroupV1Manager(string path, CgroupMountTable mounts)
    {
        Path = CgroupManagers.Normalize(path);
        _mounts = mounts;
        _controllers = mounts.V1Controllers;
    }

    public CgroupV1Manager(string path) : this(path, CgroupMountTable.Current) { }

    public string Path { get; }

    public CgroupVersion Version => CgroupVersion.V1;

    /// <summary>The cgroup's directory in the hierarchy of <paramref name="controller"/>; null when not mounted.</summary>
    public string? DirectoryOf(string controller) =>
        _controllers.TryGetValue(controller, out var h) ? h.DirectoryOf(Path) : null;

    private string Require(string controller) =>
        DirectoryOf(controller) ?? throw new IOException($"the {controller} cgroup controller is not mounted");

    private IEnumerable<string> DefaultDirectories() =>
        DefaultControllers.Select(DirectoryOf).OfType<string>().Distinct(StringComparer.Ordinal);

    /// <summary>The directories of this cgroup that exist, in every mounted v1 hierarchy.</summary>
    private List<string> ExistingDirectories() =>
        _mounts.Hierarchies.Where(h => !h.IsV2).Select(h => h.DirectoryOf(Path)).Distinct(StringComparer.Ordinal)
            .Where(Directory.Exists).ToList();

    public bool Exists() => DefaultDirectories().Any(Directory.Exists);

    public void Create()
    {
        foreach (string controller in DefaultControllers)
        {
            if (!_controllers.TryGetValue(controller, out var hierarchy)) continue;
            if (controller == "cpuset") CreateCpuset(hierarchy);
            else CgroupFiles.MakeDirectories(hierarchy.DirectoryOf(Path));
        }
    }

    /// <summary>A new cpuset cgroup starts with no cpus and mems, and takes no tasks until given some: copy the parent's
    /// down every level.</summary>
    private void CreateCpuset(CgroupHierarchy hierarchy)
    {
        string dir = hierarchy.DirectoryOf(hierarchy.Root);
        foreach (string part in Path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string parent = dir;
            dir = System.IO.Path.Combine(dir, part);
            CgroupFiles.MakeDirectories(dir);
            foreach (string file in new[] { "cpuset.cpus", "cpuset.mems" })
            {
                string mine = System.IO.Path.Combine(dir, file);
                if (CgroupFiles.Read(mine).Trim().Length > 0) continue;
                CgroupFiles.Write(mine, CgroupFiles.Read(System.IO.Path.Combine(parent, file)).Trim());
            }
        }
    }

    private static void Write(string dir, string file, string value) => CgroupFiles.Write(System.IO.Path.Combine(dir, file), value);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Number(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    public void Apply(LinuxResources resources)
    {
        if (resources.Memory is { } memory) ApplyMemory(Require("memory"), memory);
        if (resources.Cpu is { } cpu) ApplyCpu(cpu);
        if (resources.Pids is { } pids) Write(Require("pids"), "pids.max", pids.Limit > 0 ? Number(pids.Limit) : "max");
        if (resources.BlockIO is { } io) ApplyBlkio(Require("blkio"), io);
        if (resources.HugepageLimits is { Count: > 0 } huge)
        {
            string dir = Require("hugetlb");
            CgroupFiles.MakeDirectories(dir);
            foreach (var limit in huge) Write(dir, $"hugetlb.{limit.PageSize}.limit_in_bytes", Number(limit.Limit));
        }
        if (resources.Network is { } net)
        {
            if (net.ClassId is { } classId)
            {
                string dir = Require("net_cls");
                CgroupFiles.MakeDirectories(dir);
                Write(dir, "net_cls.classid", Number((ulong)classId));
            }
            if (net.Priorities is { Count: > 0 } priorities)
            {
                string dir = Require("net_prio");
                CgroupFiles.MakeDirectories(dir);
                foreach (var p in priorities) Write(dir, "net_prio.ifpriomap", $"{p.Name} {p.Priority}");
            }
        }
        if (resources.Devices is { } devices)
        {
            string dir = Require("devices");
            foreach (var (file, line) in DeviceRule.V1Writes(DeviceRule.From(devices))) Write(dir, file, line);
        }
        if (resources.Unified is { Count: > 0 })
            throw new NotSupportedException("linux.resources.unified: needs cgroup v2, this host uses cgroup v1");
    }

    private static void ApplyMemory(string dir, LinuxMemory memory)
    {
        long limit = memory.Limit ?? 0, swap = memory.Swap ?? 0;
        if (memory.CheckBeforeUpdate == true && limit > 0)
        {
            ulong usage = CgroupFiles.ReadUInt64(System.IO.Path.Combine(dir, "memory.usage_in_bytes"));
            if ((ulong)limit < usage) throw new IOException($"memory limit {limit} is below the current usage {usage} of {dir}");
        }
        string swapFile = System.IO.Path.Combine(dir, "memory.memsw.limit_in_bytes");
        bool swapAccounting = File.Exists(swapFile);
        // Unlimited memory with swap unset: unlimited swap too.
        if (limit == -1 && swap == 0 && swapAccounting) swap = -1;
        if (swap != 0 && !swapAccounting)
        {
            if (swap != -1 && swap != limit)
                throw new NotSupportedException($"linux.resources.memory.swap: the kernel does not account swap ({swapFile} is missing)");
            swap = 0;
        }

        // The kernel keeps memsw >= limit at every step: raise memsw first when it must grow, else the limit first.
        bool swapFirst = limit != 0 && swap != 0 &&
            (swap == -1 || CgroupFiles.ReadUInt64(System.IO.Path.Combine(dir, "memory.limit_in_bytes")) < (ulong)swap);
        if (swapFirst) Write(dir, "memory.memsw.limit_in_bytes", Number(swap));
        if (limit != 0) Write(dir, "memory.limit_in_bytes", Number(limit));
        if (!swapFirst && swap != 0) Write(dir, "memory.memsw.limit_in_bytes", Number(swap));

        if (memory.Reservation is { } soft and not 0) Write(dir, "memory.soft_limit_in_bytes", Number(soft));
        if (memory.KernelTcp is { } tcp and not 0) Write(dir, "memory.kmem.tcp.limit_in_bytes", Number(tcp));
        if (memory.Swappiness is { } swappiness)
        {
            if (swappiness > 100) throw new ArgumentException($"linux.resources.memory.swappiness: {swappiness} is above 100");
            Write(dir, "memory.swappiness", Number(swappiness));
        }
        if (memory.DisableOomKiller is { } disable) Write(dir, "memory.oom_control", disable ? "1" : "0");
        // memory.kernel is deprecated (kernel memory accounting can no longer be limited separately): ignored, as runc does.
    }

    private void ApplyCpu(LinuxCpu cpu)
    {
        if (cpu.Shares is not null || cpu.Quota is not null || cpu.Period is not null || cpu.Burst is not null ||
            cpu.RealtimePeriod is not null || cpu.RealtimeRuntime is not null || cpu.Idle is not null)
        {
            string dir = Require("cpu");
            if (cpu.Shares is { } shares and not 0) Write(dir, "cpu.shares", Number(shares));
            if (cpu.Period is { } period and not 0) Write(dir, "cpu.cfs_period_us", Number(period));
            if (cpu.Quota is { } quota and not 0) Write(dir, "cpu.cfs_quota_us", Number(quota > 0 ? quota : -1));
            if (cpu.Burst is { } burst) Write(dir, "cpu.cfs_burst_us", Number(burst));
            // The realtime period bounds the runtime: set it first.
            if (cpu.RealtimePeriod is { } rtPeriod and not 0) Write(dir, "cpu.rt_period_us", Number(rtPeriod));
            if (cpu.RealtimeRuntime is { } rtRuntime and not 0) Write(dir, "cpu.rt_runtime_us", Number(rtRuntime));
            if (cpu.Idle is { } idle) Write(dir, "cpu.idle", Number(idle));
        }
        if (!string.IsNullOrEmpty(cpu.Cpus)) Write(Require("cpuset"), "cpuset.cpus", cpu.Cpus);
        if (!string.IsNullOrEmpty(cpu.Mems)) Write(Require("cpuset"), "cpuset.mems", cpu.Mems);
    }

    private static void ApplyBlkio(string dir, LinuxBlockIo io)
    {
        // CFQ's blkio.weight is gone with the legacy block layer; BFQ has blkio.bfq.weight with the same range.
        string prefix = File.Exists(System.IO.Path.Combine(dir, "blkio.weight")) ? "blkio." : "blkio.bfq.";
        if (io.Weight is { } weight and not 0) Write(dir, prefix + "weight", Number(weight));
        if (io.LeafWeight is { } leaf and not 0) Write(dir, "blkio.leaf_weight", Number(leaf));
        foreach (var d in io.WeightDevice ?? [])
        {
            if (d.Weight is { } w and not 0) Write(dir, prefix + "weight_device", $"{d.Major}:{d.Minor} {w}");
            if (d.LeafWeight is { } lw and not 0) Write(dir, "blkio.leaf_weight_device", $"{d.Major}:{d.Minor} {lw}");
        }
        void Throttle(List<LinuxThrottleDevice>? devices, string file)
        {
            foreach (var d in devices ?? []) Write(dir, file, $"{d.Major}:{d.Minor} {d.Rate}");
        }
        Throttle(io.ThrottleReadBpsDevice, "blkio.throttle.read_bps_device");
        Throttle(io.ThrottleWriteBpsDevice, "blkio.throttle.write_bps_device");
        Throttle(io.ThrottleReadIopsDevice, "blkio.throttle.read_iops_device");
        Throttle(io.ThrottleWriteIopsDevice, "blkio.throttle.write_iops_device");
    }

    public void AddProcess(int pid)
    {
        string value = pid.ToString(CultureInfo.InvariantCulture);
        var dirs = DefaultDirectories().ToList();
        foreach (string controller in OptionalControllers)
            if (DirectoryOf(controller) is { } dir && !dirs.Contains(dir) && Directory.Exists(dir)) dirs.Add(dir);
        foreach (string dir in dirs) CgroupFiles.Write(System.IO.Path.Combine(dir, "cgroup.procs"), value);
    }

    /// <summary>The directory whose cgroup.procs lists the members: every created hierarchy holds them all.</summary>
    private string? MembershipDirectory() =>
        new[] { "pids", "freezer", "memory", "cpu", "devices" }.Select(DirectoryOf).OfType<string>().FirstOrDefault();

    public IReadOnlyList<int> GetPids(bool recursive = true)
    {
        var pids = new List<int>();
        if (MembershipDirectory() is { } dir) CgroupFiles.AddPids(dir, pids, recursive);
        return pids;
    }

    public void Freeze() => SetState("FROZEN");

    public void Thaw() => SetState("THAWED");

    private void SetState(string state)
    {
        string file = System.IO.Path.Combine(Require("freezer"), "freezer.state");
        CgroupFiles.Write(file, state);
        long deadline = Environment.TickCount64 + 10000;
        int rounds = 0;
        while (CgroupFiles.Read(file).Trim() != state)
        {
            if (Environment.TickCount64 > deadline)
            {
                if (state == "FROZEN") CgroupFiles.TryWrite(file, "THAWED");
                throw new IOException($"{(state == "FROZEN" ? "freezing" : "thawing")} {System.IO.Path.GetDirectoryName(file)} timed out");
            }
            // A task busy in the kernel can leave the cgroup FREEZING; asking again retries it.
            if (++rounds % 50 == 0) CgroupFiles.Write(file, state);
            if (rounds < 20) Thread.Yield();
            else Thread.Sleep(1);
        }
    }

    public bool IsFrozen() =>
        DirectoryOf("freezer") is { } dir && CgroupFiles.ReadIfExists(System.IO.Path.Combine(dir, "freezer.state"))?.Trim() == "FROZEN";

    public void SignalAll(int signal) =>
        CgroupSignals.SignalAll(this, signal, canFreeze: DirectoryOf("freezer") is { } f && Directory.Exists(f), Path);

    public CgroupStats GetStats()
    {
        var stats = new CgroupStats();
        if (DirectoryOf("cpuacct") is { } acct && Directory.Exists(acct))
        {
            stats.Cpu.TotalUsageNs = CgroupFiles.ReadUInt64(System.IO.Path.Combine(acct, "cpuacct.usage"));
            stats.Cpu.PerCpuUsageNs = CgroupFiles.Read(System.IO.Path.Combine(acct, "cpuacct.usage_percpu"))
                .Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(ulong.Parse).ToList();
            // cpuacct.stat counts USER_HZ (100 per second) ticks.
            var ticks = CgroupFiles.ParseKeyValues(CgroupFiles.Read(System.IO.Path.Combine(acct, "cpuacct.stat")));
            stats.Cpu.UserUsageNs = ticks.GetValueOrDefault("user") * 10_000_000;
            stats.Cpu.SystemUsageNs = ticks.GetValueOrDefault("system") * 10_000_000;
        }
        if (DirectoryOf("cpu") is { } cpuDir && CgroupFiles.ReadIfExists(System.IO.Path.Combine(cpuDir, "cpu.stat")) is { } cpuStat)
        {
            var cpu = CgroupFiles.ParseKeyValues(cpuStat);
            stats.Cpu.TotalPeriods = cpu.GetValueOrDefault("nr_periods");
            stats.Cpu.ThrottledPeriods = cpu.GetValueOrDefault("nr_throttled");
            stats.Cpu.ThrottledTimeNs = cpu.GetValueOrDefault("throttled_time");
        }
        if (DirectoryOf("memory") is { } mem && Directory.Exists(mem))
        {
            stats.Memory.Usage = CgroupFiles.ReadUInt64(System.IO.Path.Combine(mem, "memory.usage_in_bytes"));
            stats.Memory.MaxUsage = CgroupFiles.ReadUInt64(System.IO.Path.Combine(mem, "memory.max_usage_in_bytes"));
            stats.Memory.Limit = CgroupFiles.ReadUInt64(System.IO.Path.Combine(mem, "memory.limit_in_bytes"));
            if (stats.Memory.Limit == Unlimited) stats.Memory.Limit = ulong.MaxValue;
            stats.Memory.Failcnt = CgroupFiles.ReadUInt64(System.IO.Path.Combine(mem, "memory.failcnt"));
            stats.Memory.Stats = CgroupFiles.ParseKeyValues(CgroupFiles.Read(System.IO.Path.Combine(mem, "memory.stat")));
        }
        if (DirectoryOf("pids") is { } pidsDir && CgroupFiles.ReadIfExists(System.IO.Path.Combine(pidsDir, "pids.current")) is { } current)
        {
            stats.Pids.Current = CgroupFiles.ParseUInt64(current.Trim(), pidsDir);
            ulong max = CgroupFiles.ReadUInt64(System.IO.Path.Combine(pidsDir, "pids.max"));
            stats.Pids.Limit = max == ulong.MaxValue ? 0 : max;
        }
        if (DirectoryOf("blkio") is { } blkio && Directory.Exists(blkio))
        {
            stats.Blkio.IoServiceBytesRecursive = ReadBlkio(blkio, "io_service_bytes_recursive");
            stats.Blkio.IoServicedRecursive = ReadBlkio(blkio, "io_serviced_recursive");
        }
        return stats;
    }

    /// <summary>"8:0 Read 4096" lines from CFQ's, else BFQ's, else the throttle layer's counters.</summary>
    private static List<BlkioEntry> ReadBlkio(string dir, string name)
    {
        string? text = CgroupFiles.ReadIfExists(System.IO.Path.Combine(dir, "blkio." + name))
            ?? CgroupFiles.ReadIfExists(System.IO.Path.Combine(dir, "blkio.bfq." + name));
        if (string.IsNullOrWhiteSpace(text) || text.Trim().StartsWith("Total", StringComparison.Ordinal))
            text = CgroupFiles.ReadIfExists(System.IO.Path.Combine(dir, "blkio.throttle." + name)) ?? text ?? "";
        var entries = new List<BlkioEntry>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3) continue;
            var device = fields[0].Split(':');
            if (device.Length == 2 && ulong.TryParse(device[0], out ulong major) && ulong.TryParse(device[1], out ulong minor) && ulong.TryParse(fields[2], out ulong value))
                entries.Add(new BlkioEntry { Major = major, Minor = minor, Op = fields[1], Value = value });
        }
        return entries;
    }

    public void Destroy()
    {
        foreach (string dir in ExistingDirectories()) CgroupFiles.RemoveTree(dir, TimeSpan.FromSeconds(2));
    }
}
