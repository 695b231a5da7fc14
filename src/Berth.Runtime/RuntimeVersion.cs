namespace Berth.Runtime;

/// <summary>Version strings printed by <c>--version</c> and <c>features</c>.</summary>
public static class RuntimeVersion
{
    public const string Version = "0.1.0";
    public const string SpecVersion = "1.2.0";
}
