using System.Globalization;

namespace Berth.Cli.Values;

/// <summary>A time.Time: UTC ticks plus the nanoseconds .NET cannot hold, printed as Go does.</summary>
public readonly record struct GoTime(DateTimeOffset Value, int ExtraNanos, bool IsZeroTime)
{
    public static readonly GoTime Zero = new(new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero), 0, true);

    public static GoTime Parse(string s)
    {
        if (string.IsNullOrEmpty(s) || s.StartsWith("0001-01-01T00:00:00", StringComparison.Ordinal)) return Zero;
        if (!Formatting.GoTimeFormat.TryParseRfc3339(s, out var dto, out int nanos)) return Zero;
        return new GoTime(dto, nanos, false);
    }

    public static GoTime FromUnix(long seconds, long nanos = 0) =>
        new(DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100), (int)(nanos % 100), false);

    /// <summary>Nanoseconds within the second.</summary>
    public int Nanosecond => (int)(Value.Ticks % TimeSpan.TicksPerSecond) * 100 + ExtraNanos;

    /// <summary>time.Time.String: "2006-01-02 15:04:05.999999999 -0700 MST".</summary>
    public override string ToString() => Formatting.GoTimeFormat.GoString(this);

    public long UnixSeconds => Value.ToUnixTimeSeconds();

    public string Rfc3339Nano => Formatting.GoTimeFormat.Rfc3339Nano(this);

    internal static string Two(int v) => v.ToString("00", CultureInfo.InvariantCulture);
}
