using System.Globalization;
using Berth.Cli.Parsing;

namespace Berth.Cli.Options;

/// <summary>docker's NanoCPUs: "1.5" CPUs → 1500000000, refusing values finer than a nanosecond CPU.</summary>
public static class CpuValue
{
    public static long ParseNanoCpus(string value)
    {
        decimal cpu;
        int slash = value.IndexOf('/');
        try
        {
            if (slash > 0)
            {
                cpu = decimal.Parse(value[..slash], NumberStyles.Integer, CultureInfo.InvariantCulture)
                    / decimal.Parse(value[(slash + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture);
            }
            else if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out cpu) || value.Contains(' '))
                throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or OverflowException or DivideByZeroException)
        {
            throw new FlagValueException($"failed to parse {value} as a rational number");
        }
        decimal nano = cpu * 1_000_000_000m;
        if (nano != decimal.Truncate(nano)) throw new FlagValueException("value is too precise");
        return (long)nano;
    }
}
