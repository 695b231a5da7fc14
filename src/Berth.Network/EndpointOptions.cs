namespace Berth.Network;

/// <summary>Per-network settings of a container (EndpointSettings): <c>--alias --ip --ip6 --mac-address --gw-priority</c>.</summary>
public sealed record EndpointOptions
{
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public string? IPv4Address { get; init; }
    public string? IPv6Address { get; init; }
    public string? MacAddress { get; init; }
    public int GwPriority { get; init; }
}
