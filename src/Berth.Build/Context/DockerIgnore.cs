using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Build.Context;

/// <summary>
/// .dockerignore: one pattern a line (Go filepath.Match syntax plus <c>**</c> for any number of directories),
/// <c>#</c> comments, <c>!</c> re-includes; the last pattern that matches a path decides, and a pattern that
/// matches a directory matches everything below it.
/// </summary>
public sealed class DockerIgnore
{
    private readonly List<Pattern> _patterns = new();

    public bool IsEmpty => _patterns.Count == 0;
    public bool HasExclusions => _patterns.Any(p => p.Exclusion);

    public DockerIgnore(IEnumerable<string> patterns)
    {
        foreach (var raw in patterns)
        {
            string p = raw.Trim();
            if (p.Length == 0) continue;
            bool exclusion = p[0] == '!';
            if (exclusion)
            {
                p = p[1..].Trim();
                if (p.Length == 0) throw BuildException.Invalid("illegal exclusion pattern: \"!\"");
            }
            p = CleanPath(p);
            if (p.Length > 1 && p[0] == '/') p = p[1..];
            _patterns.Add(new Pattern(p, exclusion));
        }
    }

    /// <summary>Reads a .dockerignore file's text.</summary>
    public static DockerIgnore Parse(string text)
    {
        if (text.StartsWith('\uFEFF')) text = text[1..];
        var list = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            string l = line.TrimEnd('\r');
            if (l.StartsWith('#')) continue;
            l = l.Trim();
            if (l.Length == 0) continue;
            bool invert = l[0] == '!';
            if (invert) l = l[1..].Trim();
            if (l.Length > 0)
            {
                l = CleanPath(l);
                if (l.Length > 1 && l[0] == '/') l = l[1..];
            }
            list.Add(invert ? "!" + l : l);
        }
        return new DockerIgnore(list);
    }

    /// <summary>Whether <paramref name="path"/> (relative, "/"-separated) is excluded: it or one of its parent directories matches.</summary>
    public bool IsExcluded(string path)
    {
        path = CleanPath(path);
        if (path == ".") return false;
        bool matched = false;
        string parent = Parent(path);
        string[] parentDirs = parent.Split('/');
        foreach (var pattern in _patterns)
        {
            if (pattern.Exclusion != matched) continue;
            bool match = pattern.Match(path);
            if (!match && parent != ".")
            {
                for (int i = 0; i < parentDirs.Length && !match; i++)
                    match = pattern.Match(string.Join('/', parentDirs.Take(i + 1)));
            }
            if (match) matched = !pattern.Exclusion;
        }
        return matched;
    }

    /// <summary>
    /// Whether the docker CLI walks into the excluded directory <paramref name="dir"/>: only when an exception
    /// pattern starts with it (a wildcard exception does not bring files back from an excluded directory).
    /// </summary>
    public bool KeepsSomethingBelow(string dir)
    {
        string prefix = CleanPath(dir) + "/";
        return _patterns.Any(p => p.Exclusion && (p.Text + "/").StartsWith(prefix, StringComparison.Ordinal));
    }

    private static string Parent(string path)
    {
        int slash = path.LastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : path[..slash];
    }

    /// <summary>Go's path.Clean.</summary>
    public static string CleanPath(string p)
    {
        if (p.Length == 0) return ".";
        bool rooted = p[0] == '/';
        var parts = new List<string>();
        foreach (var part in p.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(part);
        }
        string joined = string.Join('/', parts);
        if (rooted) return "/" + joined;
        return joined.Length == 0 ? "." : joined;
    }

    private sealed class Pattern
    {
        private enum Kind { Exact, Prefix, Suffix, Regex }

        public string Text { get; }
        public bool Exclusion { get; }
        private readonly Kind _kind;
        private readonly Regex? _regex;

        public Pattern(string text, bool exclusion)
        {
            Text = text;
            Exclusion = exclusion;
            (_kind, _regex) = Compile(text);
        }

        public bool Match(string path) => _kind switch
        {
            Kind.Exact => path == Text,
            Kind.Prefix => path.StartsWith(Text[..^2], StringComparison.Ordinal),
            Kind.Suffix => path.EndsWith(Text[2..], StringComparison.Ordinal) || (Text[2] == '/' && path == Text[3..]),
            _ => _regex!.IsMatch(path),
        };

        private static (Kind, Regex?) Compile(string pattern)
        {
            var sb = new StringBuilder("^");
            var kind = Kind.Exact;
            for (int i = 0; i < pattern.Length; i++)
            {
                char ch = pattern[i];
                if (ch == '*')
                {
                    if (i + 1 < pattern.Length && pattern[i + 1] == '*')
                    {
                        bool atStart = i == 0;
                        i++;
                        if (i + 1 < pattern.Length && pattern[i + 1] == '/') i++;
                        if (i + 1 >= pattern.Length)
                        {
                            if (kind == Kind.Exact) kind = Kind.Prefix;
                            else { sb.Append(".*"); kind = Kind.Regex; }
                        }
                        else
                        {
                            sb.Append("(.*/)?");
                            kind = Kind.Regex;
                        }
                        if (atStart) kind = Kind.Suffix;
                    }
                    else
                    {
                        sb.Append("[^/]*");
                        kind = Kind.Regex;
                    }
                }
                else if (ch == '?')
                {
                    sb.Append("[^/]");
                    kind = Kind.Regex;
                }
                else if (".+()|{}$".Contains(ch))
                {
                    sb.Append('\\').Append(ch);
                }
                else if (ch == '\\')
                {
                    if (i + 1 < pattern.Length)
                    {
                        sb.Append('\\').Append(pattern[++i]);
                        kind = Kind.Regex;
                    }
                    else sb.Append("\\\\");
                }
                else if (ch is '[' or ']')
                {
                    sb.Append(ch);
                    kind = Kind.Regex;
                }
                else if (ch == '^')
                {
                    sb.Append("\\^");
                }
                else
                {
                    sb.Append(ch);
                }
            }
            if (kind == Kind.Suffix && pattern.Length <= 2) kind = Kind.Prefix; // "**" alone
            if (kind != Kind.Regex) return (kind, null);
            sb.Append('$');
            try
            {
                return (kind, new Regex(sb.ToString(), RegexOptions.CultureInvariant));
            }
            catch (ArgumentException)
            {
                throw BuildException.Invalid($"syntax error in .dockerignore pattern \"{pattern}\"");
            }
        }
    }
}
