namespace Berth.Cli.Formatting;

/// <summary>Small display helpers of the docker CLI: stringid.TruncateID and formatter.Ellipsis.</summary>
public static class Display
{
    /// <summary>stringid.TruncateID: drop "sha256:" and keep 12 characters.</summary>
    public static string TruncateId(string id)
    {
        int colon = id.IndexOf(':');
        if (colon >= 0) id = id[(colon + 1)..];
        return id.Length > 12 ? id[..12] : id;
    }

    /// <summary>formatter.Ellipsis: cut to maxDisplayWidth columns, ending with "…".</summary>
    public static string Ellipsis(string s, int maxDisplayWidth)
    {
        if (maxDisplayWidth <= 0) return "";
        var runes = new List<string>();
        var widths = new List<int>();
        for (int i = 0; i < s.Length; i++)
        {
            string r = char.IsHighSurrogate(s[i]) && i + 1 < s.Length ? s.Substring(i++, 2) : s[i].ToString();
            runes.Add(r);
            widths.Add(RuneWidth.Of(r));
        }
        if (runes.Count == 1) return s;
        int total = widths.Sum();
        if (total <= maxDisplayWidth) return s;
        int display = 0;
        for (int i = 0; i < runes.Count - 1; i++)
        {
            display += widths[i];
            if (display + widths[i + 1] + 1 > maxDisplayWidth) return string.Concat(runes.Take(i + 1)) + "…";
        }
        return s;
    }
}
