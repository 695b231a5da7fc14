namespace Berth.Cli.Parsing;

/// <summary>A command line the flag parser refused (pflag's wording); the CLI adds the usage lines and exits 125.</summary>
public sealed class FlagParseException(string message, string? suggestion = null) : Exception(message)
{
    /// <summary>The nearest valid flag, for "Did you mean this?".</summary>
    public string? Suggestion { get; } = suggestion;
}
