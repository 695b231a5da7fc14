namespace Berth.Build.Parsing;

/// <summary>A parsed Dockerfile: its instructions in order, its directives and the warnings found while parsing.</summary>
public sealed class DockerfileDocument
{
    public required string FileName { get; init; }
    public required IReadOnlyList<DockerfileNode> Nodes { get; init; }
    public required ParserDirectives Directives { get; init; }
    public List<ParserWarning> Warnings { get; } = new();
    public char EscapeToken => Directives.EscapeToken;
}
