namespace Berth.Build.Parsing;

/// <summary>The parser directives at the top of a Dockerfile: <c># syntax=</c>, <c># escape=</c>, <c># check=</c>.</summary>
public sealed class ParserDirectives
{
    public string? Syntax { get; set; }
    public char EscapeToken { get; set; } = '\\';
    /// <summary>The raw <c>check</c> value ("skip=A,B;error=true").</summary>
    public string? Check { get; set; }

    /// <summary>Build checks named in <c>check=skip=…</c>; "all" skips every check.</summary>
    public IReadOnlySet<string> SkippedChecks
    {
        get
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var part in (Check ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (part.StartsWith("skip=", StringComparison.Ordinal))
                    foreach (var name in part[5..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) set.Add(name);
            return set;
        }
    }

    /// <summary><c>check=error=true</c>: a failed build check fails the build.</summary>
    public bool ChecksAreErrors =>
        (Check ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(p => p.Equals("error=true", StringComparison.OrdinalIgnoreCase));
}
