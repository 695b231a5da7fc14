using System.Globalization;
using System.Text;

namespace Berth.Build.Formatting;

/// <summary>Go's time.Duration text (HEALTHCHECK flags, history lines): "1m30s", "500ms", "1.5h" and back.</summary>
public static class GoDuration
{
    private static readonly (string Unit, double Nanos)[] s_units =
    [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ];

    /// <summary>Parses "300ms", "-1.5h", "2h45m"; nanoseconds, or false.</summary>
    public static bool TryParse(string s, out long nanos)
    {
        nanos = 0;
        if (string.IsNullOrEmpty(s)) return false;
        int i = 0;
        bool neg = false;
        if (s[0] is '-' or '+') { neg = s[0] == '-'; i++; }
        if (s[i..] == "0") return true;
        if (i >= s.Length) return false;
        double total = 0;
        while (i < s.Length)
        {
            int start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (start == i) return false;
            if (!double.TryParse(s[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)) return false;
            int unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.') i++;
            string unit = s[unitStart..i];
            if (unit.Length == 0) return false;
            double mult = 0;
            foreach (var (u, n) in s_units) if (u == unit) mult = n;
            if (mult == 0) return false;
            total += value * mult;
        }
        if (total > long.MaxValue) return false;
        nanos = (long)Math.Round(total) * (neg ? -1 : 1);
        return true;
    }

    /// <summary>Go's Duration.String(): "0s", "1.5s", "500ms", "1m0s", "1h0m0s".</summary>
    public static string Format(long d)
    {
        if (d == 0) return "0s";
        bool neg = d < 0;
        ulong u = neg ? (ulong)(-(d + 1)) + 1 : (ulong)d;
        var sb = new StringBuilder();
        if (u < 1_000_000_000UL)
        {
            // Sub-second: the largest unit that keeps an integer part.
            string unit;
            int prec;
            if (u < 1_000UL) return (neg ? "-" : "") + u.ToString(CultureInfo.InvariantCulture) + "ns";
            if (u < 1_000_000UL) { unit = "µs"; prec = 3; }
            else { unit = "ms"; prec = 6; }
            sb.Append(Fraction(u, prec)).Append(unit);
        }
        else
        {
            ulong secs = u / 1_000_000_000UL;
            ulong frac = u % 1_000_000_000UL;
            string s = (secs % 60).ToString(CultureInfo.InvariantCulture);
            if (frac != 0) s += "." + frac.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
            ulong mins = secs / 60;
            if (mins > 0)
            {
                ulong hours = mins / 60;
                string m = (mins % 60).ToString(CultureInfo.InvariantCulture) + "m";
                sb.Append(hours > 0 ? hours.ToString(CultureInfo.InvariantCulture) + "h" : "").Append(m);
            }
            sb.Append(s).Append('s');
        }
        return (neg ? "-" : "") + sb;
    }

    private static string Fraction(ulong v, int prec)
    {
        ulong div = 1;
        for (int k = 0; k < prec; k++) div *= 10;
        ulong whole = v / div, frac = v % div;
        string r = whole.ToString(CultureInfo.InvariantCulture);
        if (frac != 0) r += "." + frac.ToString("D" + prec, CultureInfo.InvariantCulture).TrimEnd('0');
        return r;
    }
}
