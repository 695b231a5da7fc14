namespace Berth.Build.Instructions;

public sealed class EntrypointInstruction : Instruction
{
    public required CommandLine Command { get; init; }
}
