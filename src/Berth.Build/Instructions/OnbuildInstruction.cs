namespace Berth.Build.Instructions;

public sealed class OnbuildInstruction : Instruction
{
    /// <summary>The trigger as written after ONBUILD (stored in the image's OnBuild list).</summary>
    public required string Expression { get; init; }
}
