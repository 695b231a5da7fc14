using System.Globalization;
using Berth.Engine.Errors;

namespace Berth.Engine.Filtering;

/// <summary>
/// Docker's time arguments (since/until of events and logs, until of prune): Unix seconds with an optional fraction
/// ("1700000000.5"), RFC 3339 times and dates, or a duration before now ("10m", "1h30m", "2.5s").
/// </summary>
public static class Timestamps
{
    public static long NowNanos() => (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    public static long? ParseToNanos(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (TryUnix(value, out long n)) return n;
        if (TryDuration(value, out var d)) return NowNanos() - d.Ticks * 100;
        string[] formats = ["yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd"];
        if (DateTimeOffset.TryParseExact(TrimNanos(value), formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            return (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        throw EngineException.Invalid($"invalid timestamp \"{value}\": use Unix seconds, RFC 3339 or a duration such as 10m");
    }

    public static DateTimeOffset? Parse(string? value) =>
        ParseToNanos(value) is long n ? DateTimeOffset.UnixEpoch.AddTicks(n / 100) : null;

    /// <summary>RFC 3339 with nanoseconds, as Go's time.RFC3339Nano prints (trailing zeros trimmed).</summary>
    public static string Format(DateTimeOffset? t)
    {
        if (t is null) return "0001-01-01T00:00:00Z";
        var u = t.Value.ToUniversalTime();
        string frac = (u.Ticks % TimeSpan.TicksPerSecond).ToString("D7").TrimEnd('0');
        return u.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + (frac.Length > 0 ? "." + frac : "") + "Z";
    }

    private static string TrimNanos(string v)
    {
        // .NET parses at most 7 fractional digits; Go writes 9.
        int dot = v.IndexOf('.');
        if (dot < 0) return v;
        int end = dot + 1;
        while (end < v.Length && char.IsAsciiDigit(v[end])) end++;
        return end - dot - 1 > 7 ? v[..(dot + 8)] + v[end..] : v;
    }

    private static bool TryUnix(string v, out long nanos)
    {
        nanos = 0;
        string secPart = v, fracPart = "";
        int dot = v.IndexOf('.');
        if (dot >= 0) { secPart = v[..dot]; fracPart = v[(dot + 1)..]; }
        if (!long.TryParse(secPart, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long s)) return false;
        if (fracPart.Length > 0 && (!fracPart.All(char.IsAsciiDigit) || fracPart.Length > 9)) return false;
        long frac = fracPart.Length == 0 ? 0 : long.Parse(fracPart.PadRight(9, '0'), CultureInfo.InvariantCulture);
        nanos = s * 1_000_000_000 + frac;
        return true;
    }

    /// <summary>Go's time.ParseDuration subset: sequences of number+unit (ns us ms s m h).</summary>
    public static bool TryDuration(string v, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        int i = 0;
        double total = 0;
        if (v.Length == 0) return false;
        while (i < v.Length)
        {
            int start = i;
            while (i < v.Length && (char.IsAsciiDigit(v[i]) || v[i] == '.')) i++;
            if (start == i) return false;
            double num = double.Parse(v[start..i], CultureInfo.InvariantCulture);
            int us = i;
            while (i < v.Length && char.IsAsciiLetter(v[i])) i++;
            string unit = v[us..i];
            double ticks = unit switch
            {
                "ns" => 0.01, "us" or "µs" => 10, "ms" => 10_000, "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute, "h" => TimeSpan.TicksPerHour, _ => -1,
            };
            if (ticks < 0) return false;
            total += num * ticks;
        }
        duration = TimeSpan.FromTicks((long)total);
        return true;
    }
}
