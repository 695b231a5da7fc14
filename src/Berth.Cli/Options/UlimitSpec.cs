using Berth.Cli.Formatting;

using Berth.Cli.Parsing;

namespace Berth.Cli.Options;

/// <summary>go-units ParseUlimit: "nofile=1024:2048" with its checks and messages.</summary>
public readonly record struct UlimitSpec(string Name, long Soft, long Hard)
{
    private static readonly HashSet<string> Names =
    [
        "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio",
        "rttime", "sigpending", "stack",
    ];

    public static UlimitSpec Parse(string val)
    {
        int eq = val.IndexOf('=');
        if (eq < 0) throw new FlagValueException($"invalid ulimit argument: {val}");
        string name = val[..eq];
        if (!Names.Contains(name)) throw new FlagValueException($"invalid ulimit type: {name}");
        var limits = val[(eq + 1)..].Split(':');
        long soft, hard;
        switch (limits.Length)
        {
            case 2:
                hard = ParseDecimal(limits[1]);
                soft = ParseDecimal(limits[0]);
                break;
            case 1:
                soft = ParseDecimal(limits[0]);
                hard = soft;
                break;
            default:
                throw new FlagValueException($"too many limit value arguments - {val[(eq + 1)..]}, can only have up to two, `soft[:hard]`");
        }
        if (hard != -1)
        {
            if (soft == -1)
                throw new FlagValueException($"ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: {hard}");
            if (soft > hard)
                throw new FlagValueException($"ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}");
        }
        return new UlimitSpec(name, soft, hard);
    }

    private static long ParseDecimal(string s)
    {
        // strconv.ParseInt(s, 10, 64): no base prefixes
        if (s.Length > 0 && (char.IsAsciiDigit(s[^1])) && long.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long v)
            && !s.StartsWith('+') || s.StartsWith('+') && long.TryParse(s[1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out v))
            return v;
        throw new FlagValueException($"strconv.ParseInt: parsing {GoStrings.Quote(s)}: invalid syntax");
    }

    public override string ToString() => $"{Name}={Soft}:{Hard}";
}
