namespace Berth.Build.Instructions;

public sealed class ExposeInstruction : Instruction
{
    /// <summary>As written, sorted (the classic builder sorts them before expansion).</summary>
    public required IReadOnlyList<string> Ports { get; init; }
}
