using Berth.Cli.Parsing;

namespace Berth.Cli.Commands;

/// <summary>One command invocation: the CLI, the command, its flags and positional arguments.</summary>
public sealed class CommandContext(CliContext cli, CommandSpec command, FlagValues flags, List<string> args, int argsLenAtDash)
{
    public CliContext Cli { get; } = cli;
    public CommandSpec Command { get; } = command;
    public FlagValues Flags { get; } = flags;
    public List<string> Args { get; } = args;
    public int ArgsLenAtDash { get; } = argsLenAtDash;

    public string Path => Command.CommandPath(CliContext.Program);
    public StreamWriter Out => Cli.Out;
    public StreamWriter Err => Cli.Err;
    public Client.DaemonClient Client => Cli.Client;
}
