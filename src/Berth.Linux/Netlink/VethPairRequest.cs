namespace Berth.Linux.Netlink;

/// <summary>
/// What a veth pair is made with, in one RTM_NEWLINK: the host end (name, bridge, MTU, up) and its peer, which can be
/// created straight inside another network namespace (given by an open namespace file), under a name that only has
/// to be free there (eth0). The peer is created down: bring it up where it lives.
/// </summary>
public sealed class VethPairRequest
{
    public required string Name { get; init; }
    public required string PeerName { get; init; }
    public int Mtu { get; init; }
    public int MasterIndex { get; init; }
    public bool Up { get; init; } = true;
    public byte[]? MacAddress { get; init; }
    public byte[]? PeerMacAddress { get; init; }
    public SafeFd? PeerNamespace { get; init; }
}
