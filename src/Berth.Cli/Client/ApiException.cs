namespace Berth.Cli.Client;

/// <summary>An error answer of the daemon: HTTP status and docker's "Error response from daemon: ..." text.</summary>
public sealed class ApiException(int status, string message) : CliException(message, 1)
{
    public int Status { get; } = status;
    public bool IsNotFound => Status == 404;
    public bool IsConflict => Status == 409;

    /// <summary>The daemon's own message without the "Error response from daemon: " prefix.</summary>
    public string DaemonMessage => Message.StartsWith(Prefix, StringComparison.Ordinal) ? Message[Prefix.Length..] : Message;

    public const string Prefix = "Error response from daemon: ";
}
