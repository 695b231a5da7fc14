using System.Globalization;
using Berth.Cli.Formatting;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>A row of `berth images` (docker's imageContext): one repository/tag (or digest) of an image.</summary>
public sealed class ImageContext(GoStruct i, bool trunc, string repo, string tag, string digest) : ContextObject
{
    public override string GoTypeName => "*formatter.imageContext";

    public static readonly IReadOnlyDictionary<string, string> Header = new Dictionary<string, string>
    {
        ["ID"] = "IMAGE ID", ["Repository"] = "REPOSITORY", ["Tag"] = "TAG", ["Digest"] = "DIGEST", ["CreatedSince"] = "CREATED",
        ["CreatedAt"] = "CREATED AT", ["Size"] = "SIZE", ["Containers"] = "CONTAINERS", ["VirtualSize"] = "SIZE",
        ["SharedSize"] = "SHARED SIZE", ["UniqueSize"] = "UNIQUE SIZE",
    };

    protected override void Define(MemberTable m)
    {
        m.Add("ID", () => trunc ? Display.TruncateId(i.Str("ID")) : i.Str("ID"));
        m.Add("Repository", () => repo);
        m.Add("Tag", () => tag);
        m.Add("Digest", () => digest);
        m.Add("CreatedSince", () => HumanTime.Ago(i.Int("Created")));
        m.Add("CreatedAt", () => GoTimeFormat.UnixString(i.Int("Created")));
        m.Add("Size", () => Units.HumanSizeWithPrecision(i.Int("Size"), 3));
        m.Add("Containers", () => i.Int("Containers") == -1 ? "N/A" : i.Int("Containers").ToString(CultureInfo.InvariantCulture));
        m.Add("VirtualSize", () => Units.HumanSize(i.Int("Size")));
        m.Add("SharedSize", () => i.Int("SharedSize") == -1 ? "N/A" : Units.HumanSize(i.Int("SharedSize")));
        m.Add("UniqueSize", () => i.Int("Size") == -1 || i.Int("SharedSize") == -1 ? "N/A" : Units.HumanSize(i.Int("Size") - i.Int("SharedSize")));
    }
}
