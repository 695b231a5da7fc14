namespace Berth.Cli.Values;

/// <summary>A json.Number: the literal text of a JSON number (the inspect fallback decodes with UseNumber).</summary>
public readonly record struct GoNumber(string Literal)
{
    public override string ToString() => Literal;
}
