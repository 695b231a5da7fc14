using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Cli.Options;

/// <summary>
/// .dockerignore patterns (moby/patternmatcher): filepath.Match syntax plus "**", "!" exceptions, the last
/// matching pattern wins; a directory's match covers everything below it.
/// </summary>
public sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclusion, string Text)> _patterns = new();

    public DockerIgnore(IEnumerable<string> patterns)
    {
        foreach (var raw in patterns)
        {
            string p = raw.Trim();
            if (p.Length == 0 || p.StartsWith('#')) continue;
            bool exclusion = p.StartsWith('!');
            if (exclusion) p = p[1..].Trim();
            p = Clean(p);
            if (p.Length == 0) continue;
            _patterns.Add((new Regex("^" + ToRegex(p) + "$", RegexOptions.CultureInvariant), exclusion, p));
        }
    }

    public static DockerIgnore Read(string contextDir)
    {
        string path = Path.Combine(contextDir, ".dockerignore");
        return File.Exists(path) ? new DockerIgnore(File.ReadAllLines(path)) : new DockerIgnore([]);
    }

    public bool IsEmpty => _patterns.Count == 0;

    public bool HasExclusions => _patterns.Any(p => p.Exclusion);

    private static string Clean(string p)
    {
        p = p.Replace('\\', '/');
        var parts = new List<string>();
        foreach (var s in p.Split('/'))
        {
            if (s is "" or ".") continue;
            if (s == ".." && parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
            else if (s != "..") parts.Add(s);
        }
        return string.Join("/", parts);
    }

    private static string ToRegex(string pattern)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '*':
                    if (i + 1 < pattern.Length && pattern[i + 1] == '*')
                    {
                        i++;
                        // "**/" matches zero or more directories
                        if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                        {
                            i++;
                            sb.Append("(.*/)?");
                        }
                        else sb.Append(".*");
                    }
                    else sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                {
                    int close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        sb.Append("\\[");
                        break;
                    }
                    string cls = pattern[(i + 1)..close];
                    if (cls.StartsWith('^')) cls = "^" + cls[1..];
                    sb.Append('[').Append(cls.Replace("\\", "\\\\")).Append(']');
                    i = close;
                    break;
                }
                case '\\':
                    if (i + 1 < pattern.Length)
                    {
                        sb.Append(Regex.Escape(pattern[i + 1].ToString()));
                        i++;
                    }
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>True when the slash-separated relative path is excluded (a parent directory match counts).</summary>
    public bool Excludes(string relativePath)
    {
        bool matched = false;
        var parents = new List<string>();
        var parts = relativePath.Split('/');
        for (int i = 1; i < parts.Length; i++) parents.Add(string.Join("/", parts[..i]));
        foreach (var (pattern, exclusion, _) in _patterns)
        {
            if (exclusion != matched) continue;
            bool match = pattern.IsMatch(relativePath) || parents.Any(pattern.IsMatch);
            if (match) matched = !exclusion;
        }
        return matched;
    }
}
