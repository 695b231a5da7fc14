namespace Berth.Engine.Networks.Api;

/// <summary>IPAM of a network (request and response): driver "default", options, one config per subnet.</summary>
public sealed class NetworkIpam
{
    public string? Driver { get; set; } = "default";
    public Dictionary<string, string>? Options { get; set; }
    public List<NetworkIpamConfig>? Config { get; set; }
}
