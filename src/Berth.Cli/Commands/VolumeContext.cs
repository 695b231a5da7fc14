using System.Globalization;
using Berth.Cli.Formatting;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>A row of `berth volume ls` (docker's volumeContext).</summary>
public sealed class VolumeContext(GoStruct v) : ContextObject
{
    public override string GoTypeName => "*formatter.volumeContext";

    public static readonly IReadOnlyDictionary<string, string> Header = new Dictionary<string, string>
    {
        ["ID"] = "ID", ["Name"] = "VOLUME NAME", ["Group"] = "GROUP", ["Driver"] = "DRIVER", ["Scope"] = "SCOPE",
        ["Availability"] = "AVAILABILITY", ["Mountpoint"] = "MOUNTPOINT", ["Labels"] = "LABELS", ["Links"] = "LINKS",
        ["Size"] = "SIZE", ["Status"] = "STATUS",
    };

    protected override void Define(MemberTable m)
    {
        m.Add("Name", () => v.Str("Name"));
        m.Add("Driver", () => v.Str("Driver"));
        m.Add("Scope", () => v.Str("Scope"));
        m.Add("Mountpoint", () => v.Str("Mountpoint"));
        m.Add("Labels", () => v.Map("Labels")?.Entries is { } e ? string.Join(",", e.Select(kv => kv.Key + "=" + kv.Value)) : "");
        m.Add("Label", 1, a => v.Map("Labels")?.Get(a[0] as string ?? "") as string ?? "");
        m.Add("Links", () => v["UsageData"] is GoStruct u ? u.Int("RefCount").ToString(CultureInfo.InvariantCulture) : "N/A");
        m.Add("Size", () => v["UsageData"] is GoStruct u ? Units.HumanSize(u.Int("Size")) : "N/A");
        m.Add("Group", () => "N/A");
        m.Add("Availability", () => "N/A");
        m.Add("Status", () => "N/A");
    }
}
