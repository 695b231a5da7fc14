namespace Berth.Build;

/// <summary>Where in a Dockerfile something is: 1-based line and column (and the last line of a multi-line instruction).</summary>
public readonly record struct SourceLocation(string File, int Line, int Column, int EndLine)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
