using System.Globalization;
using Berth.Engine.Errors;
using Berth.Engine.Filtering;
using Berth.Engine.Model;
using Berth.Linux.Cgroups;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    private static readonly TimeSpan StatsInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// GET /containers/{id}/stats, as moby answers: one-shot (one sample, no precpu), stream=false (two samples a second
    /// apart, so precpu_stats is filled), or a stream of one sample a second. A container that is not running gets
    /// zeroed stats (once, or every second when streaming).
    /// </summary>
    public async Task StatsAsync(string idOrName, bool stream, bool oneShot, Func<ContainerStatsResponse, Task> emit, CancellationToken cancel)
    {
        var c = Get(idOrName);
        if (!stream)
        {
            if (!IsStatsRunning(c))
            {
                await emit(EmptyStats(c));
                return;
            }
            if (oneShot)
            {
                await emit(Sample(c) ?? EmptyStats(c));
                return;
            }
        }
        ContainerStatsResponse? previous = null;
        bool first = true;
        while (!cancel.IsCancellationRequested)
        {
            var sample = IsStatsRunning(c) ? Sample(c) : null;
            if (sample is null)
            {
                if (!stream && !first) { await emit(EmptyStats(c)); return; }
                if (stream) await emit(EmptyStats(c));
                previous = null;
            }
            else if (!stream && first)
            {
                previous = sample; // the first sample only fills precpu of the next
            }
            else
            {
                sample.Preread = previous?.Read ?? Timestamps.Format(null);
                sample.PrecpuStats = previous?.CpuStats ?? EmptyCpu();
                await emit(sample);
                if (!stream) return;
                previous = sample;
            }
            first = false;
            try { await Task.Delay(StatsInterval, cancel); }
            catch (OperationCanceledException) { return; }
        }
    }

    private static bool IsStatsRunning(Container c) => c.Record.State.Status is "running" or "paused" && c.Record.State.Pid > 0;

    private static ContainerStatsResponse EmptyStats(Container c) => new()
    {
        Id = c.Id,
        Name = "/" + c.Name,
        Read = Timestamps.Format(null),
        Preread = Timestamps.Format(null),
        PidsStats = new ContainerPidsStats(),
        BlkioStats = new ContainerBlkioStats(),
        NumProcs = 0,
        StorageStats = new ContainerStorageStats(),
        CpuStats = EmptyCpu(),
        PrecpuStats = EmptyCpu(),
        MemoryStats = new ContainerMemoryStats(),
    };

    private static ContainerCPUStats EmptyCpu() => new()
    {
        CpuUsage = new ContainerCPUUsage { TotalUsage = 0, UsageInKernelmode = 0, UsageInUsermode = 0 },
        ThrottlingData = new ContainerThrottlingData { Periods = 0, ThrottledPeriods = 0, ThrottledTime = 0 },
    };

    /// <summary>One sample from the container's cgroup (v1 or v2), /proc/stat and its init's /proc/&lt;pid&gt;/net/dev; null when it is gone.</summary>
    private ContainerStatsResponse? Sample(Container c)
    {
        CgroupStats cg;
        try { cg = _runtime.Stats(c.Id); }
        catch (Exception e) when (e is Runtime.RuntimeException or IOException or Linux.SyscallException or UnauthorizedAccessException) { return null; }
        var (system, cpus) = SystemCpu();
        long hostMemory = _engine.Host.MemTotal;
        long limit = cg.Memory.Limit > (ulong)long.MaxValue ? long.MaxValue : (long)cg.Memory.Limit;
        if (hostMemory > 0 && (limit <= 0 || limit > hostMemory)) limit = hostMemory;
        var memoryStats = cg.Memory.Stats.ToDictionary(kv => kv.Key, kv => (long?)Clamp(kv.Value));
        return new ContainerStatsResponse
        {
            Id = c.Id,
            Name = "/" + c.Name,
            Read = Timestamps.Format(DateTimeOffset.UtcNow),
            PidsStats = new ContainerPidsStats { Current = Clamp(cg.Pids.Current), Limit = cg.Pids.Limit > 0 ? Clamp(cg.Pids.Limit) : null },
            BlkioStats = new ContainerBlkioStats
            {
                IoServiceBytesRecursive = Blkio(cg.Blkio.IoServiceBytesRecursive),
                IoServicedRecursive = Blkio(cg.Blkio.IoServicedRecursive),
                IoQueueRecursive = [], IoServiceTimeRecursive = [], IoWaitTimeRecursive = [], IoMergedRecursive = [], IoTimeRecursive = [], SectorsRecursive = [],
            },
            NumProcs = 0,
            StorageStats = new ContainerStorageStats(),
            CpuStats = new ContainerCPUStats
            {
                CpuUsage = new ContainerCPUUsage
                {
                    TotalUsage = Clamp(cg.Cpu.TotalUsageNs),
                    PercpuUsage = cg.Cpu.PerCpuUsageNs is { Count: > 0 } per ? per.Select(Clamp).ToList() : null,
                    UsageInKernelmode = Clamp(cg.Cpu.SystemUsageNs),
                    UsageInUsermode = Clamp(cg.Cpu.UserUsageNs),
                },
                SystemCpuUsage = system,
                OnlineCpus = cpus,
                ThrottlingData = new ContainerThrottlingData
                {
                    Periods = Clamp(cg.Cpu.TotalPeriods), ThrottledPeriods = Clamp(cg.Cpu.ThrottledPeriods), ThrottledTime = Clamp(cg.Cpu.ThrottledTimeNs),
                },
            },
            MemoryStats = new ContainerMemoryStats
            {
                Usage = Clamp(cg.Memory.Usage),
                MaxUsage = cg.Memory.MaxUsage > 0 ? Clamp(cg.Memory.MaxUsage) : null,
                Stats = memoryStats,
                Failcnt = cg.Memory.Failcnt > 0 ? Clamp(cg.Memory.Failcnt) : null,
                Limit = limit,
            },
            Networks = NetworkStats(c.Record.State.Pid),
        };
    }

    private static long Clamp(ulong v) => v > long.MaxValue ? long.MaxValue : (long)v;

    private static List<ContainerBlkioStatEntry> Blkio(List<BlkioEntry> entries) =>
        entries.Select(e => new ContainerBlkioStatEntry { Major = Clamp(e.Major), Minor = Clamp(e.Minor), Op = e.Op, Value = Clamp(e.Value) }).ToList();

    /// <summary>moby's getSystemCPUUsage: the first 7 fields of /proc/stat's "cpu" line in nanoseconds, and the cpuN count.</summary>
    internal static (long Usage, long Cpus) SystemCpu(string? procStat = null)
    {
        procStat ??= File.ReadAllText("/proc/stat");
        long usage = 0, cpus = 0;
        foreach (var line in procStat.Split('\n'))
        {
            if (line.Length < 4 || !line.StartsWith("cpu", StringComparison.Ordinal)) break;
            if (line[3] == ' ')
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                ulong ticks = 0;
                for (int i = 1; i < Math.Min(8, fields.Length); i++) ticks += ulong.Parse(fields[i], CultureInfo.InvariantCulture);
                usage = (long)(ticks * 1_000_000_000UL / 100);
            }
            else if (char.IsAsciiDigit(line[3])) cpus++;
        }
        return (usage, cpus);
    }

    /// <summary>Per-interface counters from /proc/&lt;pid&gt;/net/dev (the container's network namespace), loopback left out.</summary>
    internal static Dictionary<string, ContainerNetworkStats>? NetworkStats(int pid, string? netDev = null)
    {
        if (netDev is null)
        {
            if (pid <= 0) return null;
            try { netDev = File.ReadAllText($"/proc/{pid}/net/dev"); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        }
        var result = new Dictionary<string, ContainerNetworkStats>();
        foreach (var raw in netDev.Split('\n').Skip(2))
        {
            int colon = raw.IndexOf(':');
            if (colon < 0) continue;
            string name = raw[..colon].Trim();
            if (name == "lo") continue;
            var f = raw[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 16) continue;
            long P(int i) => long.TryParse(f[i], CultureInfo.InvariantCulture, out long v) ? v : 0;
            result[name] = new ContainerNetworkStats
            {
                RxBytes = P(0), RxPackets = P(1), RxErrors = P(2), RxDropped = P(3),
                TxBytes = P(8), TxPackets = P(9), TxErrors = P(10), TxDropped = P(11),
            };
        }
        return result.Count > 0 ? result : null;
    }
}
