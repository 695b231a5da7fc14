using System.Globalization;
using System.Text;
using Berth.Cli.Values;

namespace Berth.Cli.Formatting;

/// <summary>Go time formatting and parsing: RFC 3339 with nanoseconds, and time.Time.String in the local zone.</summary>
public static class GoTimeFormat
{
    public static bool TryParseRfc3339(string s, out DateTimeOffset value, out int extraNanos)
    {
        value = default;
        extraNanos = 0;
        // 2006-01-02T15:04:05.999999999Z07:00
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
            return false;
        if (!int.TryParse(s.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out int year)
            || !int.TryParse(s.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int month)
            || !int.TryParse(s.AsSpan(8, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int day)
            || !int.TryParse(s.AsSpan(11, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int hour)
            || !int.TryParse(s.AsSpan(14, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int minute)
            || !int.TryParse(s.AsSpan(17, 2), NumberStyles.None, CultureInfo.InvariantCulture, out int second))
            return false;
        int i = 19;
        long nanos = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            int digits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (digits < 9) nanos = nanos * 10 + (s[i] - '0');
                digits++;
                i++;
            }
            for (; digits < 9; digits++) nanos *= 10;
        }
        TimeSpan offset;
        if (i < s.Length && (s[i] == 'Z' || s[i] == 'z')) offset = TimeSpan.Zero;
        else if (i + 6 <= s.Length && (s[i] == '+' || s[i] == '-'))
        {
            int oh = int.Parse(s.AsSpan(i + 1, 2), CultureInfo.InvariantCulture);
            int om = int.Parse(s.AsSpan(i + 4, 2), CultureInfo.InvariantCulture);
            offset = new TimeSpan(oh, om, 0);
            if (s[i] == '-') offset = -offset;
        }
        else return false;
        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(nanos / 100).ToUniversalTime();
        }
        catch (ArgumentException)
        {
            return false;
        }
        extraNanos = (int)(nanos % 100);
        return true;
    }

    /// <summary>time.Time.String() in the local zone: "2006-01-02 15:04:05.999999999 -0700 MST".</summary>
    public static string GoString(GoTime t)
    {
        if (t.IsZeroTime) return "0001-01-01 00:00:00 +0000 UTC";
        var local = TimeZoneInfo.ConvertTime(t.Value, TimeZoneInfo.Local);
        var sb = new StringBuilder(40);
        sb.Append(local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        int nanos = t.Nanosecond;
        if (nanos != 0)
            sb.Append('.').Append(nanos.ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0'));
        sb.Append(' ').Append(OffsetText(local.Offset, "")).Append(' ').Append(ZoneAbbreviation(local));
        return sb.ToString();
    }

    /// <summary>time.Unix(seconds, 0).String().</summary>
    public static string UnixString(long seconds) => GoString(GoTime.FromUnix(seconds));

    /// <summary>RFC 3339 with nanoseconds, trailing zeros trimmed, in UTC ("Z") unless the zone is kept.</summary>
    public static string Rfc3339Nano(GoTime t)
    {
        if (t.IsZeroTime) return "0001-01-01T00:00:00Z";
        var sb = new StringBuilder(35);
        sb.Append(t.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        int nanos = t.Nanosecond;
        if (nanos != 0)
            sb.Append('.').Append(nanos.ToString("000000000", CultureInfo.InvariantCulture).TrimEnd('0'));
        sb.Append('Z');
        return sb.ToString();
    }

    /// <summary>RFC 3339 in the local zone, seconds precision (docker's CreatedAt for images and volumes).</summary>
    public static string Rfc3339Local(DateTimeOffset t)
    {
        var local = TimeZoneInfo.ConvertTime(t, TimeZoneInfo.Local);
        string s = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return local.Offset == TimeSpan.Zero ? s + "Z" : s + OffsetText(local.Offset, ":");
    }

    private static string OffsetText(TimeSpan offset, string sep)
    {
        char sign = offset < TimeSpan.Zero ? '-' : '+';
        var a = offset.Duration();
        return $"{sign}{a.Hours:00}{sep}{a.Minutes:00}";
    }

    private static string ZoneAbbreviation(DateTimeOffset local)
    {
        var zone = TimeZoneInfo.Local;
        if (zone.Id is "UTC" or "Etc/UTC" or "Universal" or "Etc/Universal" or "Zulu" || (local.Offset == TimeSpan.Zero && zone.BaseUtcOffset == TimeSpan.Zero && !zone.SupportsDaylightSavingTime))
            return "UTC";
        string name = zone.IsDaylightSavingTime(local) ? zone.DaylightName : zone.StandardName;
        if (name.Length is > 0 and <= 6 && !name.Contains(' ')) return name;
        // Go prints the numeric offset when the zone has no abbreviation
        return OffsetText(local.Offset, "");
    }
}
