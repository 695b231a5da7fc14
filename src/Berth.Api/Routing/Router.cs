namespace Berth.Api.Routing;

/// <summary>
/// Matches (method, path) to a handler. Patterns are "/"-separated; "{name}" takes one segment and "{name*}" one or
/// more (image names contain slashes: /images/localhost:5000/a/b/json). Segments are matched after URL-decoding.
/// </summary>
public sealed class Router<THandler> where THandler : class
{
    private readonly List<Route> _routes = new();

    public void Map(string method, string pattern, THandler handler) =>
        _routes.Add(new Route(method, pattern.Trim('/').Split('/'), handler));

    public (THandler? Handler, Dictionary<string, string> Values, bool PathKnown) Match(string method, string path)
    {
        string[] segments = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        bool pathKnown = false;
        foreach (var route in _routes)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!MatchFrom(route.Segments, 0, segments, 0, values)) continue;
            pathKnown = true;
            if (string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase)
                || (method == "HEAD" && route.Method == "GET"))
                return (route.Handler, values, true);
        }
        return (null, new Dictionary<string, string>(), pathKnown);
    }

    private static bool MatchFrom(string[] pattern, int p, string[] path, int s, Dictionary<string, string> values)
    {
        if (p == pattern.Length) return s == path.Length;
        string seg = pattern[p];
        if (seg.StartsWith('{') && seg.EndsWith("*}"))
        {
            string name = seg[1..^2];
            // Greedy: take as many segments as possible while the rest of the pattern still matches.
            for (int end = path.Length; end > s; end--)
            {
                if (MatchFrom(pattern, p + 1, path, end, values))
                {
                    values[name] = string.Join('/', path[s..end]);
                    return true;
                }
            }
            return false;
        }
        if (s >= path.Length) return false;
        if (seg.StartsWith('{') && seg.EndsWith('}'))
        {
            if (path[s].Length == 0) return false;
            if (!MatchFrom(pattern, p + 1, path, s + 1, values)) return false;
            values[seg[1..^1]] = path[s];
            return true;
        }
        return string.Equals(seg, path[s], StringComparison.Ordinal) && MatchFrom(pattern, p + 1, path, s + 1, values);
    }

    private sealed record Route(string Method, string[] Segments, THandler Handler);
}
