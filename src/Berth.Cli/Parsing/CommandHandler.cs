using Berth.Cli.Commands;

namespace Berth.Cli.Parsing;

/// <summary>Runs a command; returns the process exit status.</summary>
public delegate int CommandHandler(CommandContext context);
