namespace Berth.Linux.Cgroups;

/// <summary>
/// The OCI resources are written in cgroup v1 terms; these map them onto cgroup v2 files the way runc and crun
/// do, so a container gets the same share of the machine on either version.
/// </summary>
public static class CgroupConversions
{
    /// <summary>cpu.shares (2..262144, default 1024) to cpu.weight (1..10000, default 100); 0 = not set.</summary>
    public static ulong SharesToWeight(ulong shares)
    {
        if (shares == 0) return 0;
        shares = Math.Clamp(shares, 2UL, 262144UL);
        return 1 + (shares - 2) * 9999 / 262142;
    }

    /// <summary>blkio.weight (10..1000) to io.weight (1..10000); 0 = not set.</summary>
    public static ulong BlkioWeightToIoWeight(ulong weight)
    {
        if (weight == 0) return 0;
        weight = Math.Clamp(weight, 10UL, 1000UL);
        return 1 + (weight - 10) * 9999 / 990;
    }

    /// <summary>
    /// memory.swap.max for an OCI memory limit and swap (which on v1 is memory+swap): null leaves it alone, -1 is
    /// "max", otherwise swap - limit. Memory "unlimited" with swap unset means swap unlimited too.
    /// </summary>
    public static long? SwapToV2(long? limit, long? swap)
    {
        long memory = limit ?? 0, memorySwap = swap ?? 0;
        if (memory == -1 && memorySwap == 0) return -1;
        if (memorySwap == -1) return -1;
        if (memorySwap == 0) return null;
        if (memory == 0 || memory == -1)
            throw new ArgumentException("linux.resources.memory.swap: a swap limit needs a memory limit");
        if (memory < 0) throw new ArgumentException($"linux.resources.memory.limit: invalid value {memory}");
        if (memorySwap < memory)
            throw new ArgumentException($"linux.resources.memory.swap: memory+swap ({memorySwap}) must not be below the memory limit ({memory})");
        return memorySwap - memory;
    }

    /// <summary>cpu.max from cfs quota (null, 0 or negative: no quota) and period (default 100 ms).</summary>
    public static string CpuMax(long? quota, ulong? period)
    {
        ulong p = period is > 0 ? period.Value : 100000;
        return quota is > 0 ? $"{quota.Value} {p}" : $"max {p}";
    }

    /// <summary>A byte or count limit for a v2 file: negative means "max".</summary>
    public static string V2Limit(long value) => value < 0 ? "max" : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
