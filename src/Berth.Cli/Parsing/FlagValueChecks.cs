using Berth.Cli.Formatting;
using Berth.Cli.Options;

namespace Berth.Cli.Parsing;

/// <summary>The Set() checks of each pflag/docker value type, producing the same error texts.</summary>
public static class FlagValueChecks
{
    public static string Check(FlagSpec spec, string value)
    {
        switch (spec.Kind)
        {
            case FlagKind.Bool:
                return GoParse.ParseBool(value) is bool b
                    ? (b ? "true" : "false")
                    : throw new FlagValueException($"strconv.ParseBool: parsing {GoStrings.Quote(value)}: invalid syntax");
            case FlagKind.Int:
                return GoParse.TryParseInt(value, 64, out long l, out string e1) ? Units.Invariant(l) : throw new FlagValueException(e1);
            case FlagKind.Uint16:
                return GoParse.TryParseUint(value, 16, out ulong u16, out string e2) ? u16.ToString(System.Globalization.CultureInfo.InvariantCulture) : throw new FlagValueException(e2);
            case FlagKind.Uint64:
                return GoParse.TryParseUint(value, 64, out ulong u64, out string e3) ? u64.ToString(System.Globalization.CultureInfo.InvariantCulture) : throw new FlagValueException(e3);
            case FlagKind.Float:
                return GoParse.TryParseFloat(value, out _) ? value : throw new FlagValueException($"strconv.ParseFloat: parsing {GoStrings.Quote(value)}: invalid syntax");
            case FlagKind.Duration:
                return GoDuration.TryParse(value, out long ns, out string e4) ? GoDuration.Format(ns) : throw new FlagValueException(e4);
            case FlagKind.Bytes:
                if (value == "-1" && spec.Name.EndsWith("memory-swap", StringComparison.Ordinal)) return "-1";
                return Units.Invariant(Units.RamInBytes(value));
            case FlagKind.Decimal:
                CpuValue.ParseNanoCpus(value);
                return value;
            case FlagKind.Ulimit:
                UlimitSpec.Parse(value);
                return spec.Validator?.Invoke(value) ?? value;
            case FlagKind.Filter:
                if (value.Length > 0 && !value.Contains('=')) throw new FlagValueException("bad format of filter (expected name=value)");
                return value;
            default:
                return spec.Validator?.Invoke(value) ?? value;
        }
    }
}
