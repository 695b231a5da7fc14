namespace Berth.Build.Instructions;

public sealed class WorkdirInstruction : Instruction
{
    public required string Path { get; init; }
}
