using System.Globalization;
using Berth.Cli.Formatting;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>A row of `berth stats` (docker's statsContext).</summary>
public sealed class StatsContext(StatsEntry s, bool trunc) : ContextObject
{
    public override string GoTypeName => "*container.statsContext";

    public static readonly IReadOnlyDictionary<string, string> Header = new Dictionary<string, string>
    {
        ["Container"] = "CONTAINER", ["Name"] = "NAME", ["ID"] = "CONTAINER ID", ["CPUPerc"] = "CPU %", ["MemUsage"] = "MEM USAGE / LIMIT",
        ["MemPerc"] = "MEM %", ["NetIO"] = "NET I/O", ["BlockIO"] = "BLOCK I/O", ["PIDs"] = "PIDS",
    };

    private static string Percent(double v) => v.ToString("F2", CultureInfo.InvariantCulture) + "%";

    protected override void Define(MemberTable m)
    {
        m.Add("Container", () => s.Container);
        m.Add("Name", () => s.Name.Length > 1 ? s.Name[1..] : "--");
        m.Add("ID", () => trunc ? Display.TruncateId(s.Id) : s.Id);
        m.Add("CPUPerc", () => s.IsInvalid ? "--" : Percent(s.CpuPercentage));
        m.Add("MemUsage", () => s.IsInvalid ? "-- / --" : Units.BytesSize(s.Memory) + " / " + Units.BytesSize(s.MemoryLimit));
        m.Add("MemPerc", () => s.IsInvalid ? "--" : Percent(s.MemoryPercentage));
        m.Add("NetIO", () => s.IsInvalid ? "--" : Units.HumanSizeWithPrecision(s.NetworkRx, 3) + " / " + Units.HumanSizeWithPrecision(s.NetworkTx, 3));
        m.Add("BlockIO", () => s.IsInvalid ? "--" : Units.HumanSizeWithPrecision(s.BlockRead, 3) + " / " + Units.HumanSizeWithPrecision(s.BlockWrite, 3));
        m.Add("PIDs", () => s.IsInvalid ? "--" : s.PidsCurrent.ToString(CultureInfo.InvariantCulture));
    }
}
