using System.Globalization;
using System.Text;

namespace Berth.Build.Formatting;

/// <summary>
/// Go's %q and %v renderings that end up in history lines ("CMD [\"sh\" \"-c\"]", "SHELL [/bin/sh -c]"), so that
/// images built here have the created_by strings images built by Docker's classic builder have.
/// </summary>
public static class GoQuote
{
    /// <summary>strconv.Quote: double-quoted with Go escapes.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        // Work rune by rune on the string; invalid UTF-16 halves are written as \ufffd as Go would for bad UTF-8.
        for (int i = 0; i < s.Length; i++)
        {
            int rune;
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                rune = char.ConvertToUtf32(s[i], s[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(s[i])) rune = 0xFFFD;
            else rune = s[i];
            AppendEscaped(sb, rune, '"');
        }
        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>strconv.QuoteRune, what %q prints for an integer (HEALTHCHECK retries: '\x03').</summary>
    public static string QuoteRune(int r)
    {
        if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
        var sb = new StringBuilder("'");
        AppendEscaped(sb, r, '\'');
        sb.Append('\'');
        return sb.ToString();
    }

    private static void AppendEscaped(StringBuilder sb, int r, char quote)
    {
        if (r == quote || r == '\\')
        {
            sb.Append('\\').Append((char)r);
            return;
        }
        if (IsPrint(r))
        {
            sb.Append(char.ConvertFromUtf32(r));
            return;
        }
        switch (r)
        {
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }
        if (r < ' ' || r == 0x7F) sb.Append("\\x").Append(r.ToString("x2", CultureInfo.InvariantCulture));
        else if (r < 0x10000) sb.Append("\\u").Append(r.ToString("x4", CultureInfo.InvariantCulture));
        else sb.Append("\\U").Append(r.ToString("x8", CultureInfo.InvariantCulture));
    }

    private static bool IsPrint(int r)
    {
        if (r < 0x80) return r >= 0x20 && r < 0x7F;
        if (r == 0xFFFD) return true;
        string s = char.ConvertFromUtf32(r);
        var cat = CharUnicodeInfo.GetUnicodeCategory(s, 0);
        return cat switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator => false,
            UnicodeCategory.SpaceSeparator => r == 0x20,
            _ => true,
        };
    }

    /// <summary>%q of a []string: <c>["a" "b"]</c>.</summary>
    public static string QuoteList(IEnumerable<string>? items) => "[" + string.Join(' ', (items ?? []).Select(Quote)) + "]";

    /// <summary>%v of a []string: <c>[a b]</c>.</summary>
    public static string PlainList(IEnumerable<string>? items) => "[" + string.Join(' ', items ?? []) + "]";
}
