namespace Berth.Build.Instructions;

public sealed class ShellInstruction : Instruction
{
    public required IReadOnlyList<string> Shell { get; init; }
}
