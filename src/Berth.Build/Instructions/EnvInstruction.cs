using Berth.Build.Parsing;

namespace Berth.Build.Instructions;

public sealed class EnvInstruction : Instruction
{
    public required IReadOnlyList<KeyValueArg> Pairs { get; init; }
}
