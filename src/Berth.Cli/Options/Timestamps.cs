using System.Globalization;

namespace Berth.Cli.Options;

/// <summary>api/types/time.GetTimestamp: "42m", RFC 3339 dates (with or without zone) or Unix seconds, as sent to the API.</summary>
public static class Timestamps
{
    public static string Get(string value, DateTimeOffset reference)
    {
        if (value != "0" && GoDuration.TryParse(value, out long ns))
            return reference.AddTicks(-ns / 100).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        bool local = value.IndexOfAny(['z', 'Z', '+']) < 0 && value.Count(c => c == '-') != 3;
        string[] formats = local
            ? ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH", "yyyy-MM-dd"]
            : ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HHK", "yyyy-MM-ddK"];
        string parseValue = value;
        if (!local && value.EndsWith('z')) parseValue = value[..^1] + "Z";
        var style = local ? DateTimeStyles.AssumeLocal : DateTimeStyles.None;
        // .NET holds 7 fractional digits; Go takes 9
        string trimmed = TrimFraction(parseValue);
        if (DateTimeOffset.TryParseExact(trimmed, formats, CultureInfo.InvariantCulture, style, out var t))
        {
            long nanos = (t.Ticks % TimeSpan.TicksPerSecond) * 100 + FractionExtra(parseValue);
            return $"{t.ToUnixTimeSeconds()}.{nanos.ToString("000000000", CultureInfo.InvariantCulture)}";
        }
        if (value.Contains('-')) throw new CliException($"parsing time {Formatting.GoStrings.Quote(value)}: cannot parse");
        var parts = value.Split('.', 2);
        if (!long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            || (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            throw new CliException($"failed to parse value as time or duration: {Formatting.GoStrings.Quote(value)}");
        return value;
    }

    private static string TrimFraction(string s)
    {
        int dot = s.IndexOf('.');
        if (dot < 0) return s;
        int end = dot + 1;
        while (end < s.Length && char.IsAsciiDigit(s[end])) end++;
        int digits = end - dot - 1;
        return digits > 7 ? s[..(dot + 8)] + s[end..] : s;
    }

    private static long FractionExtra(string s)
    {
        int dot = s.IndexOf('.');
        if (dot < 0) return 0;
        int end = dot + 1;
        while (end < s.Length && char.IsAsciiDigit(s[end])) end++;
        string digits = s[(dot + 1)..end];
        return digits.Length > 7 ? long.Parse(digits[7..Math.Min(9, digits.Length)].PadRight(2, '0'), CultureInfo.InvariantCulture) : 0;
    }
}
