namespace Berth.Engine.Networks.Api;

/// <summary>The body of POST /networks/create (moby's network.CreateRequest).</summary>
public sealed class NetworkCreateRequest
{
    public string? Name { get; set; }
    /// <summary>Deprecated: names are always unique now.</summary>
    public bool? CheckDuplicate { get; set; }
    public string? Driver { get; set; }
    public string? Scope { get; set; }
    public bool? EnableIPv4 { get; set; }
    public bool? EnableIPv6 { get; set; }
    public NetworkIpam? IPAM { get; set; }
    public bool Internal { get; set; }
    public bool Attachable { get; set; }
    public bool Ingress { get; set; }
    public bool ConfigOnly { get; set; }
    public NetworkConfigReference? ConfigFrom { get; set; }
    public Dictionary<string, string>? Options { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
}
