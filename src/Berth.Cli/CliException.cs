namespace Berth.Cli;

/// <summary>
/// A command failure with the text to print on stderr and the exit status (docker's cli.StatusError).
/// An empty message prints nothing.
/// </summary>
public class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
