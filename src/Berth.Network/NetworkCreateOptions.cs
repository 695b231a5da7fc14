using Berth.Network.Ipam;

namespace Berth.Network;

/// <summary>What <c>network create</c> asks for (the Engine API's NetworkCreateRequest, decoded).</summary>
public sealed record NetworkCreateOptions
{
    public required string Name { get; init; }
    /// <summary><c>bridge</c> (the default); <c>host</c> and <c>null</c> exist once, predefined.</summary>
    public string Driver { get; init; } = "bridge";
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool EnableIPv6 { get; init; }
    public IReadOnlyList<IpamConfig> Ipam { get; init; } = [];
    /// <summary>Driver options: <c>com.docker.network.bridge.name</c>, <c>com.docker.network.driver.mtu</c>,
    /// <c>com.docker.network.bridge.enable_icc</c>, <c>com.docker.network.bridge.enable_ip_masquerade</c>,
    /// <c>com.docker.network.bridge.host_binding_ipv4</c>.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
