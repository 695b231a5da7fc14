using System.Globalization;
using System.Text;
using Berth.Cli.Values;

namespace Berth.Cli.Templates;

/// <summary>time.Time.Format with Go's reference-time layout ("2006-01-02 15:04:05"), for the common elements.</summary>
internal static class GoTimeLayout
{
    public static string Format(GoTime t, string layout)
    {
        var local = TimeZoneInfo.ConvertTime(t.Value, TimeZoneInfo.Local);
        var sb = new StringBuilder();
        int i = 0;
        while (i < layout.Length)
        {
            string rest = layout[i..];
            (string token, string value)? m = null;
            foreach (var (token, render) in Elements)
            {
                if (rest.StartsWith(token, StringComparison.Ordinal))
                {
                    m = (token, render(local, t));
                    break;
                }
            }
            if (m is { } found)
            {
                sb.Append(found.value);
                i += found.token.Length;
            }
            else
            {
                sb.Append(layout[i]);
                i++;
            }
        }
        return sb.ToString();
    }

    private static string Inv(int v, string f) => v.ToString(f, CultureInfo.InvariantCulture);

    private static readonly (string, Func<DateTimeOffset, GoTime, string>)[] Elements =
    [
        ("2006", (d, _) => Inv(d.Year, "0000")),
        ("January", (d, _) => d.ToString("MMMM", CultureInfo.InvariantCulture)),
        ("Jan", (d, _) => d.ToString("MMM", CultureInfo.InvariantCulture)),
        ("Monday", (d, _) => d.ToString("dddd", CultureInfo.InvariantCulture)),
        ("Mon", (d, _) => d.ToString("ddd", CultureInfo.InvariantCulture)),
        ("MST", (d, _) => d.Offset == TimeSpan.Zero ? "UTC" : d.ToString("zzz", CultureInfo.InvariantCulture)),
        ("Z07:00", (d, _) => d.Offset == TimeSpan.Zero ? "Z" : d.ToString("zzz", CultureInfo.InvariantCulture)),
        ("-07:00", (d, _) => d.ToString("zzz", CultureInfo.InvariantCulture)),
        ("-0700", (d, _) => d.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "")),
        (".000000000", (_, t) => "." + Inv(t.Nanosecond, "000000000")),
        (".999999999", (_, t) => t.Nanosecond == 0 ? "" : "." + Inv(t.Nanosecond, "000000000").TrimEnd('0')),
        (".000000", (_, t) => "." + Inv(t.Nanosecond / 1000, "000000")),
        (".000", (_, t) => "." + Inv(t.Nanosecond / 1000000, "000")),
        ("01", (d, _) => Inv(d.Month, "00")),
        ("02", (d, _) => Inv(d.Day, "00")),
        ("15", (d, _) => Inv(d.Hour, "00")),
        ("03", (d, _) => Inv(d.Hour % 12 == 0 ? 12 : d.Hour % 12, "00")),
        ("04", (d, _) => Inv(d.Minute, "00")),
        ("05", (d, _) => Inv(d.Second, "00")),
        ("06", (d, _) => Inv(d.Year % 100, "00")),
        ("PM", (d, _) => d.Hour >= 12 ? "PM" : "AM"),
        ("pm", (d, _) => d.Hour >= 12 ? "pm" : "am"),
        ("1", (d, _) => Inv(d.Month, "0")),
        ("2", (d, _) => Inv(d.Day, "0")),
        ("3", (d, _) => Inv(d.Hour % 12 == 0 ? 12 : d.Hour % 12, "0")),
        ("4", (d, _) => Inv(d.Minute, "0")),
        ("5", (d, _) => Inv(d.Second, "0")),
    ];
}
