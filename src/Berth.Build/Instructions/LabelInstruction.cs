using Berth.Build.Parsing;

namespace Berth.Build.Instructions;

public sealed class LabelInstruction : Instruction
{
    public required IReadOnlyList<KeyValueArg> Pairs { get; init; }
    /// <summary>Labels from <c>--label</c> are taken literally, not expanded.</summary>
    public bool NoExpand { get; init; }
}
