namespace Berth.Engine;

/// <summary>Version facts the API reports.</summary>
public static class EngineInfo
{
    public const string Version = "0.1.0";
    public const string ApiVersion = "1.50";
    public const string MinApiVersion = "1.24";
    public const string GitCommit = "berth";
}
