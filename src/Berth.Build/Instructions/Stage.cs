namespace Berth.Build.Instructions;

/// <summary>A build stage: its FROM, its position among the stages and its instructions.</summary>
public sealed class Stage
{
    public required FromInstruction From { get; init; }
    public required int Index { get; init; }
    public string? Name => From.StageName;
    public List<Instruction> Instructions { get; } = new();

    public override string ToString() => Name ?? Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
