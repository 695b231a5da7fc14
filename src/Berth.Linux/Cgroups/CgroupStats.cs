namespace Berth.Linux.Cgroups;

/// <summary>Usage figures read from a cgroup, in the units Docker's stats API reports.</summary>
public sealed class CgroupStats
{
    public CpuStats Cpu { get; set; } = new();
    public MemoryStats Memory { get; set; } = new();
    public PidsStats Pids { get; set; } = new();
    public BlkioStats Blkio { get; set; } = new();
}

public sealed class CpuStats
{
    /// <summary>Total CPU time consumed, nanoseconds.</summary>
    public ulong TotalUsageNs { get; set; }
    public ulong UserUsageNs { get; set; }
    public ulong SystemUsageNs { get; set; }
    public List<ulong>? PerCpuUsageNs { get; set; }
    public ulong ThrottledPeriods { get; set; }
    public ulong TotalPeriods { get; set; }
    public ulong ThrottledTimeNs { get; set; }
}

public sealed class MemoryStats
{
    public ulong Usage { get; set; }
    public ulong MaxUsage { get; set; }
    /// <summary>The limit in force (ulong.MaxValue or the host's memory when unlimited).</summary>
    public ulong Limit { get; set; }
    public ulong Failcnt { get; set; }
    /// <summary>The raw memory.stat keys and values.</summary>
    public Dictionary<string, ulong> Stats { get; set; } = new();
}

public sealed class PidsStats
{
    public ulong Current { get; set; }
    /// <summary>0 when unlimited.</summary>
    public ulong Limit { get; set; }
}

public sealed class BlkioStats
{
    public List<BlkioEntry> IoServiceBytesRecursive { get; set; } = new();
    public List<BlkioEntry> IoServicedRecursive { get; set; } = new();
}

public sealed class BlkioEntry
{
    public ulong Major { get; set; }
    public ulong Minor { get; set; }
    /// <summary>Read, Write, Sync, Async, Discard, Total.</summary>
    public string Op { get; set; } = "";
    public ulong Value { get; set; }
}
