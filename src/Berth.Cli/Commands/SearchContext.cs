using System.Globalization;
using Berth.Cli.Formatting;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>A row of `berth search` (docker's searchContext).</summary>
public sealed class SearchContext(GoMap s, bool trunc, bool json) : ContextObject
{
    public override string GoTypeName => "*registry.searchContext";

    public static readonly IReadOnlyDictionary<string, string> Header = new Dictionary<string, string>
    {
        ["Name"] = "NAME", ["Description"] = "DESCRIPTION", ["StarCount"] = "STARS", ["IsOfficial"] = "OFFICIAL",
    };

    private string Bool(string key)
    {
        bool v = s.Get(key) is true;
        return v ? (json ? "true" : "[OK]") : (json ? "false" : "");
    }

    protected override void Define(MemberTable m)
    {
        m.Add("Name", () => s.Get("name") as string ?? "");
        m.Add("Description", () =>
        {
            string d = (s.Get("description") as string ?? "").Replace("\n", " ").Replace("\r", " ");
            return trunc ? Display.Ellipsis(d, 45) : d;
        });
        m.Add("StarCount", () => ((long)(s.Get("star_count") is double d ? d : 0)).ToString(CultureInfo.InvariantCulture));
        m.Add("IsOfficial", () => Bool("is_official"));
        m.Add("IsAutomated", () => Bool("is_automated"));
    }
}
