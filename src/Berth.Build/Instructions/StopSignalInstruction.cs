namespace Berth.Build.Instructions;

public sealed class StopSignalInstruction : Instruction
{
    public required string Signal { get; init; }
}
