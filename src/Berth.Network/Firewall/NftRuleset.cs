using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Berth.Network.Firewall;

/// <summary>
/// Renders Berth's whole nftables table from the model, as one script that replaces the table atomically (the
/// "add; delete; define" idiom works whether or not it exists). Regenerating everything is what makes a restart
/// after a crash trivially consistent: no diff against an unknown kernel state.
///
/// Layout (family inet, so IPv4 and IPv6 share it):
/// - nat prerouting/output: packets to a local address jump to <c>published</c>, which DNATs published ports
///   (output covers 127.0.0.1 and the host's own addresses seen from the host);
/// - nat postrouting: masquerade of each non-internal subnet leaving its bridge, of hairpin traffic (a container
///   reaching a published port on its own bridge), and of 127.0.0.1-sourced traffic sent to a bridge (published
///   ports reached on localhost, with route_localnet on the bridge);
/// - filter forward: one chain pair per bridge (<c>from_X</c>, <c>to_X</c>) for isolation between networks, no way
///   out of internal networks, and only answers or published ports into a network.
/// Chains have policy accept: traffic that is not Berth's is left to whoever else filters.
/// </summary>
public static class NftRuleset
{
    public static string Render(FirewallModel model)
    {
        var sb = new StringBuilder();
        string t = model.Table;
        sb.Append("table inet ").Append(t).Append(" {}\n");
        sb.Append("delete table inet ").Append(t).Append('\n');
        sb.Append("table inet ").Append(t).Append(" {\n");

        sb.Append("  set bridges {\n    type ifname\n");
        if (model.Networks.Count > 0)
            sb.Append("    elements = { ").Append(string.Join(", ", model.Networks.Select(n => Quote(n.Bridge)))).Append(" }\n");
        sb.Append("  }\n\n");

        sb.Append("  chain prerouting {\n    type nat hook prerouting priority dstnat; policy accept;\n");
        sb.Append("    fib daddr type local jump published\n  }\n\n");
        sb.Append("  chain output {\n    type nat hook output priority -100; policy accept;\n");
        sb.Append("    fib daddr type local jump published\n  }\n\n");

        sb.Append("  chain published {\n");
        foreach (var p in model.Ports)
        {
            bool v6 = p.ContainerIp.AddressFamily == AddressFamily.InterNetworkV6;
            sb.Append("    ").Append(v6 ? "meta nfproto ipv6 " : "meta nfproto ipv4 ");
            if (!p.HostIp.Equals(IPAddress.Any) && !p.HostIp.Equals(IPAddress.IPv6Any))
                sb.Append(v6 ? "ip6 daddr " : "ip daddr ").Append(p.HostIp).Append(' ');
            sb.Append(p.Protocol).Append(" dport ").Append(p.HostPort).Append(" dnat ").Append(v6 ? "ip6" : "ip").Append(" to ")
              .Append(v6 ? $"[{p.ContainerIp}]" : p.ContainerIp.ToString()).Append(':').Append(p.ContainerPort).Append('\n');
        }
        sb.Append("  }\n\n");

        sb.Append("  chain postrouting {\n    type nat hook postrouting priority srcnat; policy accept;\n");
        foreach (var n in model.Networks)
        {
            string br = Quote(n.Bridge);
            sb.Append("    oifname ").Append(br).Append(" ip saddr 127.0.0.0/8 masquerade\n");
            foreach (var s in n.Subnets)
            {
                string ipk = Family(s);
                sb.Append("    oifname ").Append(br).Append(" ct status dnat ").Append(ipk).Append(" saddr ").Append(s).Append(" masquerade\n");
                if (!n.Internal && n.Masquerade)
                    sb.Append("    oifname != ").Append(br).Append(' ').Append(ipk).Append(" saddr ").Append(s).Append(" masquerade\n");
            }
        }
        sb.Append("  }\n\n");

        sb.Append("  chain forward {\n    type filter hook forward priority filter; policy accept;\n");
        foreach (var n in model.Networks)
        {
            string br = Quote(n.Bridge), id = ChainId(n.Bridge);
            sb.Append("    iifname ").Append(br).Append(" jump from_").Append(id).Append('\n');
            sb.Append("    oifname ").Append(br).Append(" jump to_").Append(id).Append('\n');
        }
        sb.Append("  }\n");

        foreach (var n in model.Networks)
        {
            string br = Quote(n.Bridge), id = ChainId(n.Bridge);
            sb.Append("\n  chain from_").Append(id).Append(" {\n");
            sb.Append("    oifname ").Append(br).Append(n.InterContainer ? " accept\n" : " drop\n");
            if (n.Internal) sb.Append("    drop\n");
            else
            {
                // A published port is public: reachable from other networks through the host too.
                sb.Append("    ct status dnat accept\n");
                sb.Append("    oifname @bridges drop\n");
                sb.Append("    accept\n");
            }
            sb.Append("  }\n");
            sb.Append("\n  chain to_").Append(id).Append(" {\n");
            if (n.Internal) sb.Append("    drop\n");
            else
            {
                sb.Append("    ct state established,related accept\n");
                sb.Append("    ct status dnat accept\n");
                sb.Append("    drop\n");
            }
            sb.Append("  }\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>Removes the table if it exists.</summary>
    public static string RenderDelete(string table) => $"table inet {table} {{}}\ndelete table inet {table}\n";

    private static string Family(IPNetwork n) => n.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "ip";

    private static string Quote(string name) => "\"" + name + "\"";

    /// <summary>Chain names from interface names: keep letters and digits, everything else becomes '_'.</summary>
    internal static string ChainId(string bridge)
    {
        var sb = new StringBuilder(bridge.Length);
        foreach (char c in bridge) sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        return sb.ToString();
    }
}
