using System.Globalization;
using Berth.Cli.Formatting;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>A row of the build cache table in `berth system df -v`.</summary>
public sealed class BuildCacheContext(GoStruct v, bool trunc) : ContextObject
{
    public override string GoTypeName => "*formatter.buildCacheContext";

    public static readonly IReadOnlyDictionary<string, string> Header = new Dictionary<string, string>
    {
        ["ID"] = "CACHE ID", ["Parent"] = "PARENT", ["CacheType"] = "CACHE TYPE", ["Size"] = "SIZE", ["CreatedSince"] = "CREATED",
        ["LastUsedSince"] = "LAST USED", ["UsageCount"] = "USAGE", ["InUse"] = "IN USE", ["Shared"] = "SHARED", ["Description"] = "DESCRIPTION",
    };

    protected override void Define(MemberTable m)
    {
        m.Add("ID", () => trunc && v.Str("ID").Length > 12 ? v.Str("ID")[..12] : v.Str("ID"));
        m.Add("Parent", () => v.Str("Parent"));
        m.Add("CacheType", () => v.Str("Type"));
        m.Add("Description", () => v.Str("Description"));
        m.Add("Size", () => Units.HumanSizeWithPrecision(v.Int("Size"), 3));
        m.Add("CreatedSince", () => v["CreatedAt"] is GoTime t ? HumanTime.Ago(t.Value) : "");
        m.Add("LastUsedSince", () => v["LastUsedAt"] is GoTime t ? HumanTime.Ago(t.Value) : "");
        m.Add("UsageCount", () => v.Int("UsageCount").ToString(CultureInfo.InvariantCulture));
        m.Add("InUse", () => v.Bool("InUse") ? "true" : "false");
        m.Add("Shared", () => v.Bool("Shared") ? "true" : "false");
    }
}
