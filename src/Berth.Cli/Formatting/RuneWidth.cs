namespace Berth.Cli.Formatting;

/// <summary>Display width of text in a terminal (go-runewidth's rules, simplified): wide East Asian runes count 2.</summary>
public static class RuneWidth
{
    public static int Of(string s)
    {
        int width = 0;
        for (int i = 0; i < s.Length; i++)
        {
            int r = s[i];
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length)
            {
                r = char.ConvertToUtf32(s[i], s[i + 1]);
                i++;
            }
            width += OfRune(r);
        }
        return width;
    }

    public static int OfRune(int r)
    {
        if (r < 0x20 || r == 0x7f) return 0;
        if (r < 0x300) return 1;
        var cat = System.Globalization.CharUnicodeInfo.GetUnicodeCategory(r);
        if (cat is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.EnclosingMark
            or System.Globalization.UnicodeCategory.Format) return 0;
        if (r is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x1F300 and <= 0x1F64F
            or >= 0x1F900 and <= 0x1F9FF or >= 0x20000 and <= 0x3FFFD)
            return 2;
        return 1;
    }
}
