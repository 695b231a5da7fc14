using System.Globalization;
using Berth.Cli.Formatting;
using Berth.Cli.Options;

namespace Berth.Cli.Progress;

/// <summary>progressDetail: current/total bytes (or units), start time; rendered as docker's progress bar.</summary>
public sealed record ProgressDetail(long Current, long Total, long Start, bool HideCounts, string Units)
{
    /// <summary>JSONProgress.String for a terminal of the given width.</summary>
    public string Render(int width, DateTimeOffset now)
    {
        if (Current <= 0 && Total <= 0) return "";
        if (Total <= 0)
            return Units.Length == 0 ? Formatting.Units.HumanSize(Current).PadLeft(8) : $"{Current} {Units}";
        int percentage = (int)((double)Current / Total * 100) / 2;
        if (percentage > 50) percentage = 50;
        string bar = "";
        if (width > 110)
        {
            int spaces = Math.Max(0, 50 - percentage);
            bar = "[" + new string('=', percentage) + ">" + new string(' ', spaces) + "] ";
        }
        string numbers = "";
        if (!HideCounts)
        {
            if (Units.Length == 0)
            {
                string current = Formatting.Units.HumanSize(Current);
                numbers = Current > Total ? current.PadLeft(8) : current.PadLeft(8) + "/" + Formatting.Units.HumanSize(Total);
            }
            else
            {
                numbers = Current > Total ? $"{Current} {Units}" : $"{Current}/{Total} {Units}";
            }
        }
        string left = "";
        if (Current > 0 && Start > 0 && percentage < 50)
        {
            var fromStart = now - DateTimeOffset.FromUnixTimeSeconds(Start);
            long perEntryTicks = fromStart.Ticks / Current;
            long leftTicks = (Total - Current) * perEntryTicks;
            long seconds = (long)Math.Round(leftTicks / (double)TimeSpan.TicksPerSecond, MidpointRounding.AwayFromZero);
            left = " " + GoDuration.Format(seconds * GoDuration.Second);
        }
        _ = CultureInfo.InvariantCulture;
        return bar + numbers + left;
    }
}
