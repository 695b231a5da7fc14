using Berth.Build.Parsing;

namespace Berth.Build.Instructions;

/// <summary>An instruction of a stage, typed. <see cref="Source"/> is the text "Step n/m : …" prints.</summary>
public abstract class Instruction
{
    public required string Keyword { get; init; }
    public required string Source { get; init; }
    public required SourceLocation Location { get; init; }
    /// <summary>The parsed node (heredocs, raw flags).</summary>
    public DockerfileNode? Node { get; init; }

    public override string ToString() => Source;
}
