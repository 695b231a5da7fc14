namespace Berth.Build.Instructions;

public sealed class MaintainerInstruction : Instruction
{
    public required string Maintainer { get; init; }
}
