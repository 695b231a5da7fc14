namespace Berth.Network.State;

/// <summary>A network as persisted (and as listed): what it was created with, and what was decided for it.</summary>
public sealed record NetworkRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary><c>bridge</c>, <c>host</c> or <c>null</c>.</summary>
    public required string Driver { get; init; }
    public DateTimeOffset Created { get; init; }
    public string Scope { get; init; } = "local";
    public bool Internal { get; init; }
    public bool Attachable { get; init; }
    public bool EnableIPv4 { get; init; } = true;
    public bool EnableIPv6 { get; init; }
    public IReadOnlyList<SubnetRecord> Subnets { get; init; } = [];
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>The Linux bridge (bridge driver only).</summary>
    public string? Bridge { get; init; }
    /// <summary>False when the bridge existed before (a user-named one), so removing the network leaves it.</summary>
    public bool BridgeCreated { get; init; } = true;
    public int Mtu { get; init; }
    public bool InterContainer { get; init; } = true;
    public bool Masquerade { get; init; } = true;
    /// <summary>The predefined <c>bridge</c> network: no embedded DNS, legacy links, cannot be removed.</summary>
    public bool IsDefault { get; init; }
    /// <summary>Default host address for its published ports (<c>com.docker.network.bridge.host_binding_ipv4</c>).</summary>
    public string? HostBindingIPv4 { get; init; }

    public bool IsBridge => Driver == "bridge";
    /// <summary>Containers on it resolve each other's names through the embedded DNS.</summary>
    public bool HasDns => IsBridge && !IsDefault;
    public bool IsPredefined => IsDefault || Driver is "host" or "null";
}

/// <summary>One subnet of a network: where its addresses come from.</summary>
public sealed record SubnetRecord(string Subnet, string Gateway, string? IpRange, bool Configured);
