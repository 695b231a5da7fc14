namespace Berth.Cli;

/// <summary>The options given before the command name (docker's ClientOptions).</summary>
public sealed class GlobalOptions
{
    public List<string> Hosts { get; } = new();
    public string? ConfigDir { get; set; }
    public bool Debug { get; set; }
    public string LogLevel { get; set; } = "info";
    public string? Context { get; set; }
    public bool Tls { get; set; }
    public bool TlsVerify { get; set; }
}
