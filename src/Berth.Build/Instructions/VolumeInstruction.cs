namespace Berth.Build.Instructions;

public sealed class VolumeInstruction : Instruction
{
    public required IReadOnlyList<string> Volumes { get; init; }
}
