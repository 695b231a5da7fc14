namespace Berth.Build.Parsing;

/// <summary>
/// One instruction of a Dockerfile after line joining: its keyword (lower case), the builder flags in front of its
/// arguments (<c>--from=x</c>), its arguments split the way that instruction splits them, and where it is.
/// </summary>
public sealed class DockerfileNode
{
    /// <summary>The instruction, lower case ("run").</summary>
    public required string Keyword { get; init; }
    /// <summary>The whole instruction as written, continuation lines joined (what "Step 1/5 : …" shows).</summary>
    public required string Original { get; init; }
    public IReadOnlyList<string> Flags { get; init; } = [];
    /// <summary>
    /// The arguments: for JSON (exec) form the array's strings; for shell-form RUN/CMD/ENTRYPOINT/SHELL the rest of the
    /// line as one string; for ADD/COPY/VOLUME/EXPOSE/FROM the whitespace-separated words; for ARG quote-aware words;
    /// for HEALTHCHECK the type then the command; for USER/WORKDIR/STOPSIGNAL/MAINTAINER the rest of the line.
    /// </summary>
    public IReadOnlyList<string> Args { get; init; } = [];
    /// <summary>ENV and LABEL pairs.</summary>
    public IReadOnlyList<KeyValueArg> KeyValues { get; init; } = [];
    /// <summary>The arguments were a JSON array (exec form).</summary>
    public bool IsJson { get; init; }
    public IReadOnlyList<Heredoc> Heredocs { get; set; } = [];
    /// <summary>The instruction an ONBUILD wraps.</summary>
    public DockerfileNode? Child { get; init; }
    public SourceLocation Location { get; set; }

    public string Upper => Keyword.ToUpperInvariant();
}
