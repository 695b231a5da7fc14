namespace Berth.Engine.Networks.Api;

/// <summary>A container attached to a network, as the network's Containers map shows it.</summary>
public sealed class NetworkEndpointResource
{
    public string Name { get; set; } = "";
    public string EndpointID { get; set; } = "";
    public string MacAddress { get; set; } = "";
    /// <summary>Address with prefix length, e.g. 10.80.0.2/20 (empty when none).</summary>
    public string IPv4Address { get; set; } = "";
    public string IPv6Address { get; set; } = "";
}
