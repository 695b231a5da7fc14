namespace Berth.Cli;

/// <summary>Version facts `berth version` prints.</summary>
public static class CliVersion
{
    public const string Version = "0.1.0";
    public const string GitCommit = "berth";
    public const string DefaultApiVersion = "1.50";
}
