namespace Berth.Build.Copying;

/// <summary>Go's filepath.Match: <c>*</c> and <c>?</c> stop at "/", <c>[a-z]</c> and <c>[^…]</c> classes, backslash escapes.</summary>
public static class GoGlob
{
    /// <summary>Whether the source path has wildcards (the classic builder then walks the context).</summary>
    public static bool HasWildcards(string path)
    {
        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            if (c == '\\') { i++; continue; }
            if (c is '*' or '?' or '[') return true;
        }
        return false;
    }

    /// <summary>Matches the whole of <paramref name="name"/>; a malformed pattern matches nothing.</summary>
    public static bool Match(string pattern, string name)
    {
        try { return MatchAt(pattern, 0, name, 0); }
        catch (FormatException) { return false; }
    }

    private static bool MatchAt(string p, int pi, string s, int si)
    {
        while (pi < p.Length)
        {
            char c = p[pi];
            switch (c)
            {
                case '*':
                    // Collapse runs of '*'; '*' matches any run of non-separators.
                    while (pi < p.Length && p[pi] == '*') pi++;
                    if (pi == p.Length) return s.IndexOf('/', si) < 0;
                    for (int k = si; k <= s.Length; k++)
                    {
                        if (MatchAt(p, pi, s, k)) return true;
                        if (k < s.Length && s[k] == '/') break;
                    }
                    return false;
                case '?':
                    if (si >= s.Length || s[si] == '/') return false;
                    pi++;
                    si++;
                    break;
                case '[':
                {
                    if (si >= s.Length || s[si] == '/') return false;
                    int end = ClassEnd(p, pi);
                    if (!ClassMatches(p, pi + 1, end, s[si])) return false;
                    pi = end + 1;
                    si++;
                    break;
                }
                case '\\':
                    pi++;
                    if (pi >= p.Length) throw new FormatException("bad pattern");
                    if (si >= s.Length || s[si] != p[pi]) return false;
                    pi++;
                    si++;
                    break;
                default:
                    if (si >= s.Length || s[si] != c) return false;
                    pi++;
                    si++;
                    break;
            }
        }
        return si == s.Length;
    }

    private static int ClassEnd(string p, int start)
    {
        int i = start + 1;
        if (i < p.Length && p[i] == '^') i++;
        bool first = true;
        while (i < p.Length)
        {
            if (p[i] == ']' && !first) return i;
            if (p[i] == '\\') i++;
            first = false;
            i++;
        }
        throw new FormatException("bad pattern");
    }

    private static bool ClassMatches(string p, int i, int end, char c)
    {
        bool negate = i < end && p[i] == '^';
        if (negate) i++;
        bool matched = false;
        while (i < end)
        {
            char lo = p[i++];
            if (lo == '\\' && i < end) lo = p[i++];
            char hi = lo;
            if (i + 1 < end && p[i] == '-')
            {
                i++;
                hi = p[i++];
                if (hi == '\\' && i < end) hi = p[i++];
            }
            if (lo <= c && c <= hi) matched = true;
        }
        return matched != negate;
    }
}
