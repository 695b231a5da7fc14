namespace Berth.Runtime.ShimProtocol;

/// <summary>What a shim writes on its startup pipe once the container is created (or why it could not be).</summary>
public sealed class ShimStartupInfo
{
    public bool Ok { get; set; }
    public string? Error { get; set; }
    public int ShimPid { get; set; }
    public int InitPid { get; set; }
}
