using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Build.Shell;

/// <summary>Shell glob patterns of <c>${v#p}</c>, <c>${v%p}</c> and <c>${v/p/r}</c>: <c>*</c>, <c>?</c>, backslash escapes.</summary>
internal static class ShellPattern
{
    public static Regex ToRegex(string pattern, bool greedy, bool anchored)
    {
        var sb = new StringBuilder(pattern.Length + 4);
        if (anchored) sb.Append('^');
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '*':
                    sb.Append(greedy ? ".*" : ".*?");
                    continue;
                case '?':
                    sb.Append('.');
                    continue;
                case '\\':
                    if (i + 1 < pattern.Length && pattern[i + 1] is '}' or '/') continue;
                    if (i + 1 >= pattern.Length) throw new ShellSyntaxException("invalid escape at end of pattern");
                    char next = pattern[++i];
                    if (next is not ('*' or '?' or '\\')) throw new ShellSyntaxException($"invalid escape '\\{next}'");
                    sb.Append('\\').Append(next);
                    continue;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    continue;
            }
        }
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary><c>${v#p}</c> / <c>${v##p}</c>: drops the shortest (longest) prefix matching the pattern.</summary>
    public static string TrimPrefix(string pattern, string value, bool greedy)
    {
        var m = ToRegex(pattern, greedy, anchored: true).Match(value);
        return m.Success ? value[(m.Index + m.Length)..] : value;
    }

    /// <summary><c>${v%p}</c> / <c>${v%%p}</c>: matched on the reversed string, as the prefix case.</summary>
    public static string TrimSuffix(string pattern, string value, bool greedy)
    {
        string reversed = Reverse(value);
        string trimmed = TrimPrefix(ReversePattern(pattern), reversed, greedy);
        return Reverse(trimmed);
    }

    private static string Reverse(string s)
    {
        var chars = s.ToCharArray();
        Array.Reverse(chars);
        return new string(chars);
    }

    /// <summary>Reverses a pattern keeping each escape pair ("\*") in order.</summary>
    private static string ReversePattern(string pattern)
    {
        var outp = new char[pattern.Length];
        int last = pattern.Length - 1;
        for (int i = 0; i <= last;)
        {
            int o = last - i;
            if (pattern[i] == '\\' && i != last)
            {
                outp[o - 1] = '\\';
                outp[o] = pattern[i + 1];
                i += 2;
            }
            else
            {
                outp[o] = pattern[i];
                i++;
            }
        }
        return new string(outp);
    }
}
