namespace Berth.Cli.Client;

/// <summary>The daemon could not be reached: not running, wrong address, or the socket is not permitted.</summary>
public sealed class DaemonUnavailableException(string message) : CliException(message, 1);
