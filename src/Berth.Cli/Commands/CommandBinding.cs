using Berth.Cli.Parsing;

namespace Berth.Cli.Commands;

/// <summary>What the hand-written code adds to a generated command: handler, argument rule, parsing mode, extra flags.</summary>
public sealed class CommandBinding
{
    public required CommandHandler Handler { get; init; }
    public ArgsRule Args { get; init; } = ArgsRule.Any;
    public bool Interspersed { get; init; } = true;
    /// <summary>Flags docker defines but hides from help (--net, --dns-opt...).</summary>
    public Func<FlagSpec[]>? HiddenFlags { get; init; }
    /// <summary>Per-flag value validators (docker's opts validators), by flag name.</summary>
    public Action<FlagSpec[]>? Configure { get; init; }
}
