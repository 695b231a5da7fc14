using Berth.Cli.Formatting;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>A row of `berth network ls` (docker's networkContext).</summary>
public sealed class NetworkContext(GoStruct n, bool trunc) : ContextObject
{
    public override string GoTypeName => "*network.networkContext";

    public static readonly IReadOnlyDictionary<string, string> Header = new Dictionary<string, string>
    {
        ["ID"] = "NETWORK ID", ["Name"] = "NAME", ["Driver"] = "DRIVER", ["Scope"] = "SCOPE", ["IPv4"] = "IPV4",
        ["IPv6"] = "IPV6", ["Internal"] = "INTERNAL", ["Labels"] = "LABELS", ["CreatedAt"] = "CREATED AT",
    };

    protected override void Define(MemberTable m)
    {
        m.Add("ID", () => trunc ? Display.TruncateId(n.Str("ID")) : n.Str("ID"));
        m.Add("Name", () => n.Str("Name"));
        m.Add("Driver", () => n.Str("Driver"));
        m.Add("Scope", () => n.Str("Scope"));
        m.Add("IPv4", () => n.Bool("EnableIPv4") ? "true" : "false");
        m.Add("IPv6", () => n.Bool("EnableIPv6") ? "true" : "false");
        m.Add("Internal", () => n.Bool("Internal") ? "true" : "false");
        m.Add("Labels", () => n.Map("Labels")?.Entries is { } e ? string.Join(",", e.Select(kv => kv.Key + "=" + kv.Value)) : "");
        m.Add("Label", 1, a => n.Map("Labels")?.Get(a[0] as string ?? "") as string ?? "");
        m.Add("CreatedAt", () => n["Created"]?.ToString() ?? "");
    }
}
