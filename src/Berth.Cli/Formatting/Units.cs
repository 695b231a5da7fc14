using System.Globalization;
using Berth.Cli.Options;
using Berth.Cli.Parsing;

namespace Berth.Cli.Formatting;

/// <summary>docker/go-units sizes: decimal "1.23MB" for display, binary "512m" for limits.</summary>
public static class Units
{
    private static readonly string[] DecimalAbbrs = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    private static readonly string[] BinaryAbbrs = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

    private static (double Size, string Unit) SizeAndUnit(double size, double unitBase, string[] map)
    {
        int i = 0;
        while (size >= unitBase && i < map.Length - 1)
        {
            size /= unitBase;
            i++;
        }
        return (size, map[i]);
    }

    /// <summary>units.HumanSizeWithPrecision: "%.*g%s" over decimal units.</summary>
    public static string HumanSizeWithPrecision(double size, int precision)
    {
        var (s, unit) = SizeAndUnit(size, 1000.0, DecimalAbbrs);
        return GoFloat.FormatG(s, precision) + unit;
    }

    /// <summary>units.HumanSize: four significant digits, decimal units ("1.984MB").</summary>
    public static string HumanSize(double size) => HumanSizeWithPrecision(size, 4);

    /// <summary>units.BytesSize: four significant digits, binary units ("1.5GiB").</summary>
    public static string BytesSize(double size)
    {
        var (s, unit) = SizeAndUnit(size, 1024.0, BinaryAbbrs);
        return GoFloat.FormatG(s, 4) + unit;
    }

    /// <summary>units.RAMInBytes: "512m" → 536870912; throws FlagValueException with go-units' messages.</summary>
    public static long RamInBytes(string size) => ParseSize(size, binary: true);

    /// <summary>units.FromHumanSize: decimal multipliers.</summary>
    public static long FromHumanSize(string size) => ParseSize(size, binary: false);

    private static long ParseSize(string sizeStr, bool binary)
    {
        int sep = sizeStr.LastIndexOfAny("01234567890. ".ToCharArray());
        if (sep == -1) throw new FlagValueException($"invalid size: '{sizeStr}'");
        string num, sfx;
        if (sizeStr[sep] != ' ')
        {
            num = sizeStr[..(sep + 1)];
            sfx = sizeStr[(sep + 1)..];
        }
        else
        {
            num = sizeStr[..sep];
            sfx = sizeStr[(sep + 1)..];
        }
        if (!GoParse.TryParseFloat(num, out double size) || num.Length == 0)
            throw new FlagValueException($"strconv.ParseFloat: parsing {GoStrings.Quote(num)}: invalid syntax");
        if (size < 0) throw new FlagValueException($"invalid size: '{sizeStr}'");
        if (sfx.Length == 0) return (long)size;
        if (sfx.Length > 3) throw new FlagValueException($"invalid suffix: '{sfx}'");
        sfx = sfx.ToLowerInvariant();
        if (sfx[0] == 'b')
        {
            if (sfx.Length > 1) throw new FlagValueException($"invalid suffix: '{sfx}'");
            return (long)size;
        }
        double mul = sfx[0] switch
        {
            'k' => binary ? 1024.0 : 1000.0,
            'm' => binary ? 1024.0 * 1024 : 1e6,
            'g' => binary ? 1024.0 * 1024 * 1024 : 1e9,
            't' => binary ? 1024.0 * 1024 * 1024 * 1024 : 1e12,
            'p' => binary ? 1024.0 * 1024 * 1024 * 1024 * 1024 : 1e15,
            _ => 0,
        };
        if (mul == 0) throw new FlagValueException($"invalid suffix: '{sfx}'");
        size *= mul;
        if (sfx.Length == 2 && sfx[1] != 'b' || sfx.Length == 3 && sfx[1..] != "ib")
            throw new FlagValueException($"invalid suffix: '{sfx}'");
        return (long)size;
    }

    internal static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);
}
