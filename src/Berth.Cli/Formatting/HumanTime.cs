namespace Berth.Cli.Formatting;

/// <summary>go-units HumanDuration ("3 minutes", "About an hour") and docker's "ago" forms.</summary>
public static class HumanTime
{
    /// <summary>units.HumanDuration for a duration in seconds (fractional).</summary>
    public static string Duration(TimeSpan d)
    {
        double seconds = d.TotalSeconds;
        long s = (long)seconds;
        if (s < 1) return "Less than a second";
        if (s == 1) return "1 second";
        if (s < 60) return $"{s} seconds";
        long minutes = (long)d.TotalMinutes;
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return $"{minutes} minutes";
        long hours = (long)Math.Round(d.TotalHours, MidpointRounding.AwayFromZero);
        if (hours == 1) return "About an hour";
        if (hours < 48) return $"{hours} hours";
        if (hours < 24 * 7 * 2) return $"{hours / 24} days";
        if (hours < 24 * 30 * 2) return $"{hours / 24 / 7} weeks";
        if (hours < 24 * 365 * 2) return $"{hours / 24 / 30} months";
        return $"{(long)(d.TotalHours / 24 / 365)} years";
    }

    /// <summary>HumanDuration(now - t) + " ago" for a Unix time.</summary>
    public static string Ago(long unixSeconds) =>
        Duration(DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(unixSeconds)) + " ago";

    public static string Ago(DateTimeOffset t) => Duration(DateTimeOffset.UtcNow - t) + " ago";
}
