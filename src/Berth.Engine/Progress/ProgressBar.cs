namespace Berth.Engine.Progress;

/// <summary>The pre-rendered "[=====>    ]  1.2MB/3.4MB" text Docker still sends in "progress".</summary>
public static class ProgressBar
{
    public static string Render(long current, long total)
    {
        if (total <= 0) return HumanSize(current);
        const int width = 50;
        int filled = (int)Math.Min(width, current * width / Math.Max(1, total));
        string bar = new string('=', Math.Max(0, filled - 1)) + (filled > 0 ? (filled == width ? "=" : ">") : "") + new string(' ', width - filled);
        return $"[{bar}] {HumanSize(current),8}/{HumanSize(total)}";
    }

    /// <summary>go-units HumanSize: decimal units, 4 significant digits ("1.049MB").</summary>
    public static string HumanSize(double size)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB"];
        int i = 0;
        while (size >= 1000 && i < units.Length - 1) { size /= 1000; i++; }
        return $"{size.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}{units[i]}";
    }
}
