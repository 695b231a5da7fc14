namespace Berth.Cli.Parsing;

/// <summary>What the flag parser found: flag values, positional arguments, whether help was asked for, warnings to print.</summary>
public sealed class ParseResult(FlagValues flags, List<string> args, bool help, List<string> warnings, int argsLenAtDash)
{
    public FlagValues Flags { get; } = flags;
    public List<string> Args { get; } = args;
    public bool HelpRequested { get; } = help;
    public List<string> Warnings { get; } = warnings;
    /// <summary>How many positional arguments came before "--" (-1 when there was none).</summary>
    public int ArgsLenAtDash { get; } = argsLenAtDash;
}
