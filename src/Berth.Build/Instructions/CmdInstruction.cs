namespace Berth.Build.Instructions;

public sealed class CmdInstruction : Instruction
{
    public required CommandLine Command { get; init; }
}
