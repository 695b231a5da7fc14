using System.Globalization;
using Berth.Cli.Formatting;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>A row of `berth history` (docker's historyContext).</summary>
public sealed class HistoryContext(GoStruct h, bool trunc, bool human) : ContextObject
{
    public override string GoTypeName => "*image.historyContext";

    public static readonly IReadOnlyDictionary<string, string> Header = new Dictionary<string, string>
    {
        ["ID"] = "IMAGE", ["CreatedSince"] = "CREATED", ["CreatedAt"] = "CREATED AT", ["CreatedBy"] = "CREATED BY",
        ["Size"] = "SIZE", ["Comment"] = "COMMENT",
    };

    private string CreatedAt() => GoTimeFormat.Rfc3339Local(DateTimeOffset.FromUnixTimeSeconds(h.Int("Created")));

    protected override void Define(MemberTable m)
    {
        m.Add("ID", () => trunc ? Display.TruncateId(h.Str("ID")) : h.Str("ID"));
        m.Add("CreatedAt", CreatedAt);
        m.Add("CreatedSince", () =>
        {
            if (!human) return CreatedAt();
            if (h.Int("Created") <= 946684800) return "N/A";
            return HumanTime.Ago(h.Int("Created"));
        });
        m.Add("CreatedBy", () =>
        {
            string createdBy = h.Str("CreatedBy").Replace("\t", " ");
            return trunc ? Display.Ellipsis(createdBy, 45) : createdBy;
        });
        m.Add("Size", () => human ? Units.HumanSizeWithPrecision(h.Int("Size"), 3) : h.Int("Size").ToString(CultureInfo.InvariantCulture));
        m.Add("Comment", () => h.Str("Comment"));
    }
}
