using System.Net;
using Berth.Linux.Netlink;
using Berth.Network.Firewall;

namespace Berth.Network;

public sealed partial class NetworkManager
{
    /// <summary>The firewall model of the current records: bridges, and the published ports of every sandbox.</summary>
    private FirewallModel BuildFirewallModel()
    {
        var networks = _networks.Values.Where(n => n.IsBridge).OrderBy(n => n.Bridge, StringComparer.Ordinal)
            .Select(n => new FirewallNetwork(n.Bridge!, n.Subnets.Select(s => IPNetwork.Parse(s.Subnet)).ToList(), n.Internal, n.Masquerade, n.InterContainer))
            .ToList();
        var ports = new List<FirewallPort>();
        foreach (var runtime in _sandboxes.Values.OrderBy(s => s.Record.ContainerId, StringComparer.Ordinal))
        {
            var sb = runtime.Record;
            if (sb.Ports.Count == 0) continue;
            // Ports follow the endpoint that has the default route, as Docker's do; none on internal networks.
            var gw = GatewayEndpoint(sb);
            if (gw is null || !_networks.TryGetValue(gw.NetworkId, out var net) || net.Internal) continue;
            foreach (var p in sb.Ports)
            {
                var hostIp = IPAddress.Parse(p.HostIp);
                bool hostV6 = hostIp.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
                if (!hostV6 && gw.IPv4Address is not null)
                    ports.Add(new FirewallPort(p.Protocol, hostIp, p.HostPort, IPAddress.Parse(gw.IPv4Address), p.ContainerPort, net.Bridge!));
                if ((hostV6 || hostIp.Equals(IPAddress.Any)) && gw.IPv6Address is not null)
                    ports.Add(new FirewallPort(p.Protocol, hostV6 ? hostIp : IPAddress.IPv6Any, p.HostPort, IPAddress.Parse(gw.IPv6Address), p.ContainerPort, net.Bridge!));
            }
        }
        return new FirewallModel(_options.Tag, networks, ports);
    }

    /// <summary>Rewrites Berth's nftables table from the records, atomically.</summary>
    private void ApplyFirewall() => Nftables.Apply(NftRuleset.Render(BuildFirewallModel()));

    /// <summary>The nftables script for the current records (what <c>nft list table inet TAG</c> should show).</summary>
    public string RenderFirewall()
    {
        lock (_gate) return NftRuleset.Render(BuildFirewallModel());
    }

    private void SyncIptables()
    {
        if (!_options.IptablesCompatibility) return;
        var bridges = _networks.Values.Where(n => n.IsBridge).Select(n => n.Bridge!).ToList();
        foreach (var what in _iptables.Sync(bridges)) NetworkLog.Firewall(_log, what);
    }

    /// <summary>
    /// Re-checks the host's iptables (call it after a dockerd started later than berthd set FORWARD to DROP): adds
    /// the accept rules Berth's bridges need, removes stale ones.
    /// </summary>
    public void RefreshHostFirewall()
    {
        lock (_gate) SyncIptables();
    }
}
