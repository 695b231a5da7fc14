using System.Globalization;
using Berth.Cli.Formatting;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>A row of `berth system df`: totals for images, containers, local volumes or build cache.</summary>
public sealed class DiskUsageRow(string type, string total, string active, string size, string reclaimable) : ContextObject
{
    public override string GoTypeName => "*formatter.diskUsageContext";

    public static readonly IReadOnlyDictionary<string, string> Header = new Dictionary<string, string>
    {
        ["Type"] = "TYPE", ["TotalCount"] = "TOTAL", ["Active"] = "ACTIVE", ["Size"] = "SIZE", ["Reclaimable"] = "RECLAIMABLE",
    };

    protected override void Define(MemberTable m)
    {
        m.Add("Type", () => type);
        m.Add("TotalCount", () => total);
        m.Add("Active", () => active);
        m.Add("Size", () => size);
        m.Add("Reclaimable", () => reclaimable);
    }

    private static string Inv(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string WithPercent(long reclaimable, long total) =>
        total > 0 ? $"{Units.HumanSize(reclaimable)} ({Inv(reclaimable * 100 / total)}%)" : Units.HumanSize(reclaimable);

    public static DiskUsageRow Images(long totalSize, List<GoStruct> images)
    {
        long used = 0;
        foreach (var i in images)
            if (i.Int("Containers") != 0 && i.Int("Size") != -1 && i.Int("SharedSize") != -1)
                used += i.Int("Size") - i.Int("SharedSize");
        return new DiskUsageRow("Images", Inv(images.Count), Inv(images.Count(i => i.Int("Containers") > 0)),
            Units.HumanSize(totalSize), WithPercent(totalSize - used, totalSize));
    }

    private static bool IsActive(GoStruct c) => c.Str("State") is "running" or "paused" or "restarting";

    public static DiskUsageRow Containers(List<GoStruct> containers)
    {
        long size = containers.Sum(c => c.Int("SizeRw"));
        long reclaimable = containers.Where(c => !IsActive(c)).Sum(c => c.Int("SizeRw"));
        return new DiskUsageRow("Containers", Inv(containers.Count), Inv(containers.Count(IsActive)), Units.HumanSize(size), WithPercent(reclaimable, size));
    }

    public static DiskUsageRow Volumes(List<GoStruct> volumes)
    {
        long size = 0, reclaimable = 0;
        int active = 0;
        foreach (var v in volumes)
        {
            var usage = v["UsageData"] as GoStruct;
            if (usage?.Int("RefCount") > 0) active++;
            long s = usage?.Int("Size") ?? 0;
            if (s == -1) continue;
            if ((usage?.Int("RefCount") ?? 0) == 0) reclaimable += s;
            size += s;
        }
        return new DiskUsageRow("Local Volumes", Inv(volumes.Count), Inv(active), Units.HumanSize(size), WithPercent(reclaimable, size));
    }

    public static DiskUsageRow BuildCache(long builderSize, List<GoStruct> cache)
    {
        long inUse = cache.Where(c => c.Bool("InUse") && !c.Bool("Shared")).Sum(c => c.Int("Size"));
        return new DiskUsageRow("Build Cache", Inv(cache.Count), Inv(cache.Count(c => c.Bool("InUse"))),
            Units.HumanSize(builderSize), Units.HumanSize(builderSize - inUse));
    }
}
