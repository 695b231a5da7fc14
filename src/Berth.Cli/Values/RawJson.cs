namespace Berth.Cli.Values;

/// <summary>A json.RawMessage: JSON text kept as it came.</summary>
public sealed record RawJson(string Text);
