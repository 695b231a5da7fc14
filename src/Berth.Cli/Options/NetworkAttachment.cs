using System.Text.RegularExpressions;
using Berth.Cli.Parsing;

namespace Berth.Cli.Options;

/// <summary>One --network value: a name, or the long form "name=n,alias=a,ip=…,ip6=…,mac-address=…,driver-opt=k=v,gw-priority=n".</summary>
public sealed partial class NetworkAttachment
{
    public string Target { get; private set; } = "";
    public List<string>? Aliases { get; private set; }
    public Dictionary<string, string>? DriverOpts { get; private set; }
    public List<string>? Links { get; set; }
    public string IPv4Address { get; set; } = "";
    public string IPv6Address { get; set; } = "";
    public List<string>? LinkLocalIPs { get; set; }
    public string MacAddress { get; set; } = "";
    public long GwPriority { get; private set; }

    public void ReplaceAliases(IEnumerable<string> aliases) => Aliases = aliases.ToList();

    [GeneratedRegex(@"\w+=\w+(,\w+=\w+)*")]
    private static partial Regex LongSyntax();

    public static NetworkAttachment Parse(string value)
    {
        var n = new NetworkAttachment();
        if (!LongSyntax().IsMatch(value))
        {
            n.Target = value;
            return n;
        }
        n.Aliases = new List<string>();
        foreach (var field in Csv.SplitLine(value))
        {
            string lower = field.ToLowerInvariant();
            int eq = lower.IndexOf('=');
            if (eq <= 0) throw new FlagValueException($"invalid field {field}");
            string key = lower[..eq].Trim();
            string val = lower[(eq + 1)..].Trim();
            switch (key)
            {
                case "name": n.Target = val; break;
                case "alias": n.Aliases.Add(val); break;
                case "ip": n.IPv4Address = val; break;
                case "ip6": n.IPv6Address = val; break;
                case "mac-address": n.MacAddress = val; break;
                case "link-local-ip": (n.LinkLocalIPs ??= new List<string>()).Add(val); break;
                case "driver-opt":
                {
                    int e2 = val.IndexOf('=');
                    if (e2 <= 0) throw new FlagValueException("invalid key value pair format in driver options");
                    (n.DriverOpts ??= new Dictionary<string, string>())[val[..e2].Trim()] = val[(e2 + 1)..].Trim();
                    break;
                }
                case "gw-priority":
                    if (!long.TryParse(val, out long p) || p > int.MaxValue || p < int.MinValue)
                        throw new FlagValueException($"invalid gw-priority ({val}): {(val.All(c => char.IsAsciiDigit(c) || c == '-') && val.Length > 0 ? "value out of range" : "invalid syntax")}");
                    n.GwPriority = p;
                    break;
                default:
                    throw new FlagValueException("invalid field key " + key);
            }
        }
        if (n.Target.Length == 0) throw new FlagValueException("network name/id is not specified");
        return n;
    }
}
