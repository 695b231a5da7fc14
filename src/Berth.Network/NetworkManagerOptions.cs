using System.Net;
using Berth.Network.Ipam;
using Microsoft.Extensions.Logging;

namespace Berth.Network;

/// <summary>How the daemon runs Berth's networking (its flags) and where state lives.</summary>
public sealed class NetworkManagerOptions
{
    /// <summary>Persistent state: <c>DATA/networks/*.json</c> (e.g. /var/lib/berth/network).</summary>
    public required string DataDir { get; init; }

    /// <summary>Runtime state, gone after a reboot like the kernel objects it describes: pinned namespaces under
    /// <c>RUN/netns/</c>, sandbox records under <c>RUN/sandboxes/</c> (e.g. /run/berth/network).</summary>
    public required string RunDir { get; init; }

    /// <summary>
    /// Names Berth's kernel objects: the nftables table (<c>inet TAG</c>), link aliases (<c>TAG:net:ID</c>), the
    /// iptables comment. Reconciliation only touches objects with this tag, so tests use their own.
    /// </summary>
    public string Tag { get; init; } = "berth";

    /// <summary>The Linux bridge of the predefined <c>bridge</c> network (dockerd's docker0).</summary>
    public string DefaultBridgeName { get; init; } = "berth0";

    /// <summary><c>--bip</c>: the default bridge's address and prefix (e.g. 10.77.0.1/16); null picks a free subnet.</summary>
    public string? DefaultBridgeAddress { get; init; }

    /// <summary>Subnets tried in order for the default bridge when <see cref="DefaultBridgeAddress"/> is not set.</summary>
    public IReadOnlyList<AddressPool> DefaultBridgePools { get; init; } = [new(IPNetwork.Parse("10.77.0.0/16"), 16), .. AddressPool.Defaults];

    /// <summary><c>--default-address-pool</c>: where subnets of networks created without <c>--subnet</c> come from.</summary>
    public IReadOnlyList<AddressPool> DefaultAddressPools { get; init; } = AddressPool.Defaults;

    public IReadOnlyList<AddressPool> DefaultAddressPoolsV6 { get; init; } = AddressPool.DefaultsV6;

    /// <summary>User-defined bridges are named PREFIX + the network id, cut to 15 characters.</summary>
    public string BridgeNamePrefix { get; init; } = "br-";

    /// <summary>Host ends of veth pairs are PREFIX + random hex, 15 characters.</summary>
    public string VethNamePrefix { get; init; } = "veth";

    /// <summary>MTU for networks that do not set <c>com.docker.network.driver.mtu</c>; 0 for the kernel's 1500.</summary>
    public int DefaultMtu { get; init; }

    public string HostResolvConfPath { get; init; } = "/etc/resolv.conf";

    public string HostHostsPath { get; init; } = "/etc/hosts";

    /// <summary>Replaces the host's resolvers as upstreams of the embedded DNS (tests point it at a loopback server).</summary>
    public IReadOnlyList<IPEndPoint>? DnsUpstreams { get; init; }

    /// <summary>Turn on net.ipv4.ip_forward (and IPv6 forwarding for IPv6 networks) when a network needs it; logged.</summary>
    public bool ManageForwarding { get; init; } = true;

    /// <summary>Add accept rules for Berth's bridges to iptables when dockerd (or another) made FORWARD drop.</summary>
    public bool IptablesCompatibility { get; init; } = true;

    /// <summary>Make the netns directory a shared mount, as iproute2 does for /run/netns.</summary>
    public bool ShareNetnsDirectory { get; init; } = true;

    /// <summary>Host address for published ports that name none.</summary>
    public IPAddress DefaultHostBindingIp { get; init; } = IPAddress.Any;

    public ILogger? Logger { get; init; }
}
