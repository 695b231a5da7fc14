namespace Berth.Cli.Parsing;

/// <summary>cobra's "Did you mean this?": names within Levenshtein distance 2, or having the typed text as prefix.</summary>
public static class Suggest
{
    public const int MinimumDistance = 2;

    public static List<string> All(string typed, IEnumerable<string> candidates)
    {
        var result = new List<string>();
        foreach (var c in candidates)
        {
            int d = Levenshtein(typed.ToLowerInvariant(), c.ToLowerInvariant());
            if (d <= MinimumDistance || (typed.Length > 0 && c.StartsWith(typed, StringComparison.OrdinalIgnoreCase)))
                if (!result.Contains(c)) result.Add(c);
        }
        return result;
    }

    public static string? Nearest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            int d = Levenshtein(typed.ToLowerInvariant(), c.ToLowerInvariant());
            bool prefix = typed.Length > 0 && c.StartsWith(typed, StringComparison.OrdinalIgnoreCase);
            if ((d <= MinimumDistance || prefix) && d < bestDistance)
            {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    public static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
