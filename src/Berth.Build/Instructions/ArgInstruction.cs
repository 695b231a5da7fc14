namespace Berth.Build.Instructions;

public sealed class ArgInstruction : Instruction
{
    public required IReadOnlyList<ArgDefinition> Args { get; init; }
}
