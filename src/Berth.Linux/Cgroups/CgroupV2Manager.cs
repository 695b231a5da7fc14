using System.Globalization;
using Berth.Oci.Runtime;

namespace Berth.Linux.Cgroups;

/// <summary>
/// A cgroup in the unified (v2) hierarchy: one directory; controllers enabled for it through the ancestors'
/// cgroup.subtree_control; devices controlled by an eBPF program; cgroup.freeze and cgroup.kill.
/// </summary>
public sealed class CgroupV2Manager : ICgroupManager
{
    /// <summary>Controllers enabled for the cgroup when the hierarchy offers them.</summary>
    public static readonly IReadOnlyList<string> WantedControllers = ["cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"];

    private readonly CgroupHierarchy _hierarchy;

    public CgroupV2Manager(string path, CgroupHierarchy hierarchy)
    {
        Path = CgroupManagers.Normalize(path);
        _hierarchy = hierarchy;
        DirectoryPath = hierarchy.DirectoryOf(Path);
    }

    /// <summary>A cgroup of the cgroup2 hierarchy mounted at <paramref name="mountPoint"/> (e.g. /sys/fs/cgroup/unified).</summary>
    public CgroupV2Manager(string path, string mountPoint = "/sys/fs/cgroup")
        : this(path, new CgroupHierarchy(mountPoint, "/", true, [])) { }

    public string Path { get; }

    public CgroupVersion Version => CgroupVersion.V2;

    /// <summary>The cgroup's directory, e.g. /sys/fs/cgroup/berth/abc.</summary>
    public string DirectoryPath { get; }

    public bool Exists() => Directory.Exists(DirectoryPath);

    public void Create()
    {
        string dir = _hierarchy.DirectoryOf(_hierarchy.Root);
        foreach (string part in Path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            EnableControllers(dir);
            dir = System.IO.Path.Combine(dir, part);
            CgroupFiles.MakeDirectories(dir);
        }
    }

    /// <summary>Makes the wanted controllers that <paramref name="dir"/> has available to its children.</summary>
    private static void EnableControllers(string dir)
    {
        var available = (CgroupFiles.ReadIfExists(System.IO.Path.Combine(dir, "cgroup.controllers")) ?? "").Split(' ', '\n');
        var enabled = (CgroupFiles.ReadIfExists(System.IO.Path.Combine(dir, "cgroup.subtree_control")) ?? "").Split(' ', '\n');
        var missing = WantedControllers.Where(c => available.Contains(c) && !enabled.Contains(c)).ToList();
        if (missing.Count == 0) return;
        string file = System.IO.Path.Combine(dir, "cgroup.subtree_control");
        if (CgroupFiles.TryWrite(file, string.Join(' ', missing.Select(c => "+" + c))) == 0) return;
        // One at a time, so that one refused controller does not cost the others; a missing one surfaces as a
        // missing file when its limits are written.
        foreach (string c in missing) CgroupFiles.TryWrite(file, "+" + c);
    }

    private string File(string name) => System.IO.Path.Combine(DirectoryPath, name);

    private void Write(string name, string value) => CgroupFiles.Write(File(name), value);

    public void Apply(LinuxResources resources)
    {
        if (resources.Memory is { } memory) ApplyMemory(memory);
        if (resources.Cpu is { } cpu) ApplyCpu(cpu);
        if (resources.Pids is { } pids) Write("pids.max", pids.Limit > 0 ? pids.Limit.ToString(CultureInfo.InvariantCulture) : "max");
        if (resources.BlockIO is { } io) ApplyIo(io);
        foreach (var huge in resources.HugepageLimits ?? [])
            Write($"hugetlb.{huge.PageSize}.max", huge.Limit.ToString(CultureInfo.InvariantCulture));
        if (resources.Network is { } net && (net.ClassId is not null || net.Priorities is { Count: > 0 }))
            throw new NotSupportedException("linux.resources.network: net_cls and net_prio do not exist on cgroup v2");
        if (resources.Devices is { } devices) CgroupDeviceFilter.Apply(DirectoryPath, DeviceRule.From(devices));
        foreach (var (key, value) in resources.Unified ?? [])
        {
            if (key.Length == 0 || key.Contains('/') || key is "." or "..")
                throw new ArgumentException($"linux.resources.unified: '{key}' is not a cgroup file name");
            Write(key, value);
        }
    }

    private void ApplyMemory(LinuxMemory memory)
    {
        if (memory.CheckBeforeUpdate == true && memory.Limit is > 0)
        {
            ulong current = CgroupFiles.ReadUInt64(File("memory.current"));
            if ((ulong)memory.Limit.Value < current)
                throw new IOException($"memory limit {memory.Limit} is below the current usage {current} of {DirectoryPath}");
        }
        long? swap = CgroupConversions.SwapToV2(memory.Limit, memory.Swap);
        if (swap is not null) Write("memory.swap.max", CgroupConversions.V2Limit(swap.Value));
        if (memory.Limit is { } limit and not 0) Write("memory.max", CgroupConversions.V2Limit(limit));
        if (memory.Reservation is { } low and not 0) Write("memory.low", CgroupConversions.V2Limit(low));
        // swappiness, disableOOMKiller, kernel and kernelTCP have no v2 files; runc and crun ignore them too.
    }

    private void ApplyCpu(LinuxCpu cpu)
    {
        if (cpu.Shares is { } shares and not 0) Write("cpu.weight", CgroupConversions.SharesToWeight(shares).ToString(CultureInfo.InvariantCulture));
        if (cpu.Quota is not null || cpu.Period is not null) Write("cpu.max", CgroupConversions.CpuMax(cpu.Quota, cpu.Period));
        if (cpu.Burst is { } burst) Write("cpu.max.burst", burst.ToString(CultureInfo.InvariantCulture));
        if (cpu.Idle is { } idle) Write("cpu.idle", idle.ToString(CultureInfo.InvariantCulture));
        if (cpu.RealtimeRuntime is > 0 || cpu.RealtimePeriod is > 0)
            throw new NotSupportedException("linux.resources.cpu: realtime runtime and period are not supported on cgroup v2");
        if (!string.IsNullOrEmpty(cpu.Cpus)) Write("cpuset.cpus", cpu.Cpus);
        if (!string.IsNullOrEmpty(cpu.Mems)) Write("cpuset.mems", cpu.Mems);
    }

    private void ApplyIo(LinuxBlockIo io)
    {
        // BFQ takes blkio weights (1-1000) as they are; io.weight (1-10000) needs them converted.
        bool bfq = System.IO.File.Exists(File("io.bfq.weight"));
        string Weight(ulong w) => bfq ? w.ToString(CultureInfo.InvariantCulture) : CgroupConversions.BlkioWeightToIoWeight(w).ToString(CultureInfo.InvariantCulture);
        string weightFile = bfq ? "io.bfq.weight" : "io.weight";
        if (io.Weight is { } weight and not 0) Write(weightFile, Weight(weight));
        foreach (var device in io.WeightDevice ?? [])
            if (device.Weight is { } w and not 0) Write(weightFile, $"{device.Major}:{device.Minor} {Weight(w)}");
        void Throttle(List<LinuxThrottleDevice>? devices, string key)
        {
            foreach (var d in devices ?? [])
                Write("io.max", $"{d.Major}:{d.Minor} {key}={(d.Rate == 0 ? "max" : d.Rate.ToString(CultureInfo.InvariantCulture))}");
        }
        Throttle(io.ThrottleReadBpsDevice, "rbps");
        Throttle(io.ThrottleWriteBpsDevice, "wbps");
        Throttle(io.ThrottleReadIopsDevice, "riops");
        Throttle(io.ThrottleWriteIopsDevice, "wiops");
        // leafWeight has no v2 counterpart.
    }

    public void AddProcess(int pid) => Write("cgroup.procs", pid.ToString(CultureInfo.InvariantCulture));

    public IReadOnlyList<int> GetPids(bool recursive = true)
    {
        var pids = new List<int>();
        CgroupFiles.AddPids(DirectoryPath, pids, recursive);
        return pids;
    }

    public void Freeze() => SetFrozen(true);

    public void Thaw() => SetFrozen(false);

    private void SetFrozen(bool frozen)
    {
        Write("cgroup.freeze", frozen ? "1" : "0");
        ulong want = frozen ? 1UL : 0UL;
        if (CgroupSignals.WaitFor(() => FrozenEvent() == want, 10000)) return;
        if (frozen) CgroupFiles.TryWrite(File("cgroup.freeze"), "0");
        throw new IOException($"{(frozen ? "freezing" : "thawing")} {DirectoryPath} timed out");
    }

    private ulong FrozenEvent() =>
        CgroupFiles.ParseKeyValues(CgroupFiles.Read(File("cgroup.events"))).GetValueOrDefault("frozen");

    /// <summary>Whether the cgroup was asked to freeze (cgroup.freeze is 1); false when it does not exist.</summary>
    public bool IsFrozen() => CgroupFiles.ReadIfExists(File("cgroup.freeze"))?.Trim() == "1";

    public void SignalAll(int signal)
    {
        if (signal == CgroupSignals.SIGKILL && System.IO.File.Exists(File("cgroup.kill")))
        {
            // One write kills the whole subtree, forks included; wait for it to empty.
            Write("cgroup.kill", "1");
            if (CgroupSignals.WaitFor(() => GetPids().Count == 0, 5000)) return;
        }
        CgroupSignals.SignalAll(this, signal, canFreeze: System.IO.File.Exists(File("cgroup.freeze")), DirectoryPath);
    }

    public CgroupStats GetStats()
    {
        var stats = new CgroupStats();
        var cpu = CgroupFiles.ParseKeyValues(CgroupFiles.ReadIfExists(File("cpu.stat")) ?? "");
        stats.Cpu.TotalUsageNs = cpu.GetValueOrDefault("usage_usec") * 1000;
        stats.Cpu.UserUsageNs = cpu.GetValueOrDefault("user_usec") * 1000;
        stats.Cpu.SystemUsageNs = cpu.GetValueOrDefault("system_usec") * 1000;
        stats.Cpu.TotalPeriods = cpu.GetValueOrDefault("nr_periods");
        stats.Cpu.ThrottledPeriods = cpu.GetValueOrDefault("nr_throttled");
        stats.Cpu.ThrottledTimeNs = cpu.GetValueOrDefault("throttled_usec") * 1000;

        if (CgroupFiles.ReadIfExists(File("memory.current")) is { } current)
        {
            stats.Memory.Usage = CgroupFiles.ParseUInt64(current.Trim(), File("memory.current"));
            stats.Memory.MaxUsage = CgroupFiles.ReadIfExists(File("memory.peak")) is { } peak ? CgroupFiles.ParseUInt64(peak.Trim(), File("memory.peak")) : 0;
            stats.Memory.Limit = CgroupFiles.ReadUInt64(File("memory.max"));
            stats.Memory.Stats = CgroupFiles.ParseKeyValues(CgroupFiles.Read(File("memory.stat")));
            stats.Memory.Failcnt = CgroupFiles.ParseKeyValues(CgroupFiles.ReadIfExists(File("memory.events")) ?? "").GetValueOrDefault("max");
        }
        if (CgroupFiles.ReadIfExists(File("pids.current")) is { } pids)
        {
            stats.Pids.Current = CgroupFiles.ParseUInt64(pids.Trim(), File("pids.current"));
            ulong max = CgroupFiles.ReadUInt64(File("pids.max"));
            stats.Pids.Limit = max == ulong.MaxValue ? 0 : max;
        }
        foreach (var line in (CgroupFiles.ReadIfExists(File("io.stat")) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var device = fields[0].Split(':');
            if (device.Length != 2 || !ulong.TryParse(device[0], out ulong major) || !ulong.TryParse(device[1], out ulong minor)) continue;
            foreach (string field in fields.Skip(1))
            {
                int eq = field.IndexOf('=');
                if (eq < 0 || !ulong.TryParse(field.AsSpan(eq + 1), out ulong value)) continue;
                // Docker reports v2 io as lower-case "read"/"write" entries.
                switch (field[..eq])
                {
                    case "rbytes": stats.Blkio.IoServiceBytesRecursive.Add(new BlkioEntry { Major = major, Minor = minor, Op = "read", Value = value }); break;
                    case "wbytes": stats.Blkio.IoServiceBytesRecursive.Add(new BlkioEntry { Major = major, Minor = minor, Op = "write", Value = value }); break;
                    case "rios": stats.Blkio.IoServicedRecursive.Add(new BlkioEntry { Major = major, Minor = minor, Op = "read", Value = value }); break;
                    case "wios": stats.Blkio.IoServicedRecursive.Add(new BlkioEntry { Major = major, Minor = minor, Op = "write", Value = value }); break;
                }
            }
        }
        return stats;
    }

    public void Destroy() => CgroupFiles.RemoveTree(DirectoryPath, TimeSpan.FromSeconds(2));
}
