using System.Text.Json.Serialization;

namespace Berth.Engine.Networks.Api;

/// <summary>
/// A network as GET /networks and GET /networks/{id} return it: moby's network.Inspect, field for field, with its
/// omitempty rules (the generated NetworkResource writes every null, which Docker does not).
/// </summary>
public sealed class NetworkInspect
{
    public string Name { get; set; } = "";
    [JsonPropertyName("Id")] public string Id { get; set; } = "";
    public string Created { get; set; } = "";
    public string Scope { get; set; } = "local";
    public string Driver { get; set; } = "";
    public bool EnableIPv4 { get; set; }
    public bool EnableIPv6 { get; set; }
    public NetworkIpam IPAM { get; set; } = new();
    public bool Internal { get; set; }
    public bool Attachable { get; set; }
    public bool Ingress { get; set; }
    public NetworkConfigReference ConfigFrom { get; set; } = new();
    public bool ConfigOnly { get; set; }
    public Dictionary<string, NetworkEndpointResource> Containers { get; set; } = new();
    public Dictionary<string, string> Options { get; set; } = new();
    public Dictionary<string, string> Labels { get; set; } = new();
}
