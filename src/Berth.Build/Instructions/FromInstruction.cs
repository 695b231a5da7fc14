namespace Berth.Build.Instructions;

/// <summary>FROM: starts a stage.</summary>
public sealed class FromInstruction : Instruction
{
    public required string BaseName { get; init; }
    /// <summary>The stage name (lower case), or null.</summary>
    public string? StageName { get; init; }
    /// <summary>The stage name as written after AS.</summary>
    public string? StageNameAsWritten { get; init; }
    public string? Platform { get; init; }
}
