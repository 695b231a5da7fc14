namespace Berth.Network.State;

/// <summary>A container's attachment to one network.</summary>
public sealed record EndpointRecord
{
    public required string Id { get; init; }
    public required string NetworkId { get; init; }
    public required string NetworkName { get; init; }
    /// <summary>The interface inside the container (eth0...); empty for host and none.</summary>
    public string Interface { get; init; } = "";
    /// <summary>The host end of the veth pair; empty for host and none.</summary>
    public string HostInterface { get; init; } = "";
    public string MacAddress { get; init; } = "";
    public string? IPv4Address { get; init; }
    public int IPv4PrefixLength { get; init; }
    public string? IPv4Gateway { get; init; }
    public string? IPv6Address { get; init; }
    public int IPv6PrefixLength { get; init; }
    public string? IPv6Gateway { get; init; }
    /// <summary>Requested static addresses (kept across restarts of the container).</summary>
    public string? RequestedIPv4 { get; init; }
    public string? RequestedIPv6 { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    /// <summary>Names the embedded DNS answers for this endpoint on its network.</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];
    public int GwPriority { get; init; }
    /// <summary>Order of connection, for the default gateway choice among equal priorities.</summary>
    public long Sequence { get; init; }
}
