using System.Globalization;
using Berth.Cli.Formatting;

namespace Berth.Cli.Options;

/// <summary>Go's time.ParseDuration and Duration.String, in nanoseconds.</summary>
public static class GoDuration
{
    public const long Nanosecond = 1, Microsecond = 1000, Millisecond = 1_000_000, Second = 1_000_000_000,
        Minute = 60 * Second, Hour = 60 * Minute;

    public static bool TryParse(string s, out long nanoseconds) => TryParse(s, out nanoseconds, out _);

    public static bool TryParse(string orig, out long nanoseconds, out string error)
    {
        nanoseconds = 0;
        error = "";
        string s = orig;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0") return true;
        if (s.Length == 0)
        {
            error = $"time: invalid duration {GoStrings.Quote(orig)}";
            return false;
        }
        decimal total = 0;
        while (s.Length > 0)
        {
            int i = 0;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            string number = s[..i];
            if (number.Length == 0 || number == "." || number.Count(c => c == '.') > 1)
            {
                error = $"time: invalid duration {GoStrings.Quote(orig)}";
                return false;
            }
            s = s[i..];
            int u = 0;
            while (u < s.Length && !char.IsAsciiDigit(s[u]) && s[u] != '.') u++;
            string unit = s[..u];
            s = s[u..];
            if (unit.Length == 0)
            {
                error = $"time: missing unit in duration {GoStrings.Quote(orig)}";
                return false;
            }
            long scale = unit switch
            {
                "ns" => Nanosecond,
                "us" or "µs" or "μs" => Microsecond,
                "ms" => Millisecond,
                "s" => Second,
                "m" => Minute,
                "h" => Hour,
                _ => 0,
            };
            if (scale == 0)
            {
                error = $"time: unknown unit {GoStrings.Quote(unit)} in duration {GoStrings.Quote(orig)}";
                return false;
            }
            total += decimal.Parse(number.EndsWith('.') ? number + "0" : number.StartsWith('.') ? "0" + number : number,
                CultureInfo.InvariantCulture) * scale;
            if (total > long.MaxValue)
            {
                error = $"time: invalid duration {GoStrings.Quote(orig)}";
                return false;
            }
        }
        nanoseconds = (long)decimal.Truncate(total);
        if (negative) nanoseconds = -nanoseconds;
        return true;
    }

    /// <summary>Duration.String: "1h2m3.5s", "1.5ms", "0s".</summary>
    public static string Format(long d)
    {
        if (d == 0) return "0s";
        bool neg = d < 0;
        ulong u = neg ? (ulong)(-(d + 1)) + 1 : (ulong)d;
        string result;
        if (u < (ulong)Second)
        {
            int prec;
            string unit;
            if (u < (ulong)Microsecond) { return (neg ? "-" : "") + u.ToString(CultureInfo.InvariantCulture) + "ns"; }
            if (u < (ulong)Millisecond) { prec = 3; unit = "µs"; }
            else { prec = 6; unit = "ms"; }
            result = FormatFraction(u, prec) + unit;
        }
        else
        {
            ulong secondsTotal = u / (ulong)Second;
            ulong frac = u % (ulong)Second;
            string secs = (secondsTotal % 60).ToString(CultureInfo.InvariantCulture) + FractionDigits(frac, 9) + "s";
            ulong minutes = secondsTotal / 60;
            if (minutes > 0)
            {
                ulong hours = minutes / 60;
                secs = (minutes % 60).ToString(CultureInfo.InvariantCulture) + "m" + secs;
                if (hours > 0) secs = hours.ToString(CultureInfo.InvariantCulture) + "h" + secs;
            }
            result = secs;
        }
        return neg ? "-" + result : result;
    }

    private static string FormatFraction(ulong v, int prec)
    {
        ulong pow = 1;
        for (int i = 0; i < prec; i++) pow *= 10;
        return (v / pow).ToString(CultureInfo.InvariantCulture) + FractionDigits(v % pow, prec);
    }

    private static string FractionDigits(ulong frac, int prec)
    {
        if (frac == 0) return "";
        string digits = frac.ToString(CultureInfo.InvariantCulture).PadLeft(prec, '0').TrimEnd('0');
        return "." + digits;
    }
}
