namespace Berth.Build.Instructions;

public sealed class UserInstruction : Instruction
{
    public required string User { get; init; }
}
