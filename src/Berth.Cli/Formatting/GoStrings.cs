using System.Globalization;
using System.Text;

namespace Berth.Cli.Formatting;

/// <summary>Go's strconv quoting (Quote, QuoteRune) and strings helpers whose exact behaviour output depends on.</summary>
public static class GoStrings
{
    /// <summary>strconv.Quote: a double-quoted Go string literal; printable runes kept, others escaped.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        AppendEscaped(sb, s, '"');
        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>strconv.QuoteRune: 'x'.</summary>
    public static string QuoteRune(char c)
    {
        var sb = new StringBuilder(4);
        sb.Append('\'');
        AppendEscaped(sb, c.ToString(), '\'');
        sb.Append('\'');
        return sb.ToString();
    }

    private static void AppendEscaped(StringBuilder sb, string s, char quote)
    {
        for (int i = 0; i < s.Length; i++)
        {
            int rune;
            char c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                rune = char.ConvertToUtf32(c, s[i + 1]);
                i++;
            }
            else rune = c;
            if (rune == quote || rune == '\\')
            {
                sb.Append('\\').Append((char)rune);
                continue;
            }
            if (IsPrint(rune))
            {
                sb.Append(char.ConvertFromUtf32(rune is >= 0xD800 and <= 0xDFFF ? 0xFFFD : rune));
                continue;
            }
            switch (rune)
            {
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (rune < ' ' || rune == 0x7f) sb.Append("\\x").Append(rune.ToString("x2", CultureInfo.InvariantCulture));
                    else if (rune < 0x10000) sb.Append("\\u").Append(rune.ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append("\\U").Append(rune.ToString("x8", CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    /// <summary>Go's unicode.IsPrint approximation: letters, marks, numbers, punctuation, symbols and ASCII space.</summary>
    public static bool IsPrint(int rune)
    {
        if (rune == ' ') return true;
        if (rune < 0x20 || rune == 0x7f) return false;
        if (rune < 0x7f) return true;
        if (rune is >= 0xD800 and <= 0xDFFF) return false;
        var cat = CharUnicodeInfo.GetUnicodeCategory(rune);
        return cat switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    /// <summary>strings.Title (deprecated in Go, used by docker's "title" template function): upper-cases word starts.</summary>
    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool prevSeparator = true;
        foreach (char c in s)
        {
            sb.Append(prevSeparator ? char.ToUpperInvariant(c) : c);
            prevSeparator = IsTitleSeparator(c);
        }
        return sb.ToString();
    }

    private static bool IsTitleSeparator(char c)
    {
        if (c <= 0x7f)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_') return false;
            return true;
        }
        if (char.IsLetterOrDigit(c)) return false;
        return char.IsWhiteSpace(c);
    }

    /// <summary>strings.Split: n = -1 semantics; an empty separator splits into UTF-8 sequences (runes here).</summary>
    public static string[] Split(string s, string sep)
    {
        if (sep.Length == 0)
        {
            var runes = new List<string>();
            var e = StringInfo.GetTextElementEnumerator(s);
            for (int i = 0; i < s.Length; i++)
            {
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length) { runes.Add(s.Substring(i, 2)); i++; }
                else runes.Add(s[i].ToString());
            }
            return runes.ToArray();
        }
        return s.Split(sep);
    }
}
