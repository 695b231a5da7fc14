namespace Berth.Build.Instructions;

public sealed class RunInstruction : Instruction
{
    public required CommandLine Command { get; init; }
    /// <summary>The <c>--mount</c> values, unexpanded (they are expanded with the stage's variables when the step runs).</summary>
    public IReadOnlyList<string> Mounts { get; init; } = [];
    /// <summary><c>--network</c>: default, none or host.</summary>
    public string? Network { get; init; }
    /// <summary><c>--security</c>: sandbox or insecure.</summary>
    public string? Security { get; init; }
}
