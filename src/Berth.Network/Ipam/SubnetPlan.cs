using System.Net;
using System.Net.Sockets;

namespace Berth.Network.Ipam;

/// <summary>A checked subnet of a network: where addresses come from, and the gateway the bridge holds.</summary>
public sealed record SubnetPlan(IPNetwork Subnet, IPAddress Gateway, IPNetwork? IpRange, bool Configured)
{
    public AddressFamily Family => Subnet.BaseAddress.AddressFamily;

    /// <summary>
    /// Checks a requested subnet: well-formed, gateway and range inside it. <paramref name="subnet"/> null means
    /// "allocate one", which the caller does before calling.
    /// </summary>
    public static SubnetPlan FromConfig(IPNetwork subnet, string? gatewayText, string? rangeText, bool configured)
    {
        IPNetwork? range = null;
        if (!string.IsNullOrEmpty(rangeText))
        {
            if (!IpMath.TryParseNetwork(rangeText, out var r, out bool hostBits) || hostBits)
                throw NetworkException.Invalid($"invalid ip range: {rangeText}");
            if (!IpMath.Within(r, subnet)) throw NetworkException.Invalid($"ip range {rangeText} is not in subnet {subnet}");
            range = r;
        }
        IPAddress gateway;
        if (!string.IsNullOrEmpty(gatewayText))
        {
            if (!IPAddress.TryParse(gatewayText, out var g)) throw NetworkException.Invalid($"invalid gateway: {gatewayText}");
            if (g.AddressFamily != subnet.BaseAddress.AddressFamily || !subnet.Contains(g))
                throw NetworkException.Invalid($"gateway {gatewayText} is not in subnet {subnet}");
            UInt128 n = IpMath.ToNumber(g);
            if (n == IpMath.First(subnet) || (subnet.BaseAddress.AddressFamily == AddressFamily.InterNetwork && n == IpMath.Last(subnet) && subnet.PrefixLength < 31))
                throw NetworkException.Invalid($"gateway {gatewayText} is the network or broadcast address of {subnet}");
            gateway = g;
        }
        else
        {
            int bits = IpMath.Bits(subnet.BaseAddress.AddressFamily);
            if (subnet.PrefixLength > bits - 2) throw NetworkException.Invalid($"subnet {subnet} is too small for a gateway and a container");
            // The first host address, as Docker does (in the range if one is given and the subnet has no room before it).
            gateway = IpMath.FromNumber(IpMath.First(subnet) + 1, subnet.BaseAddress.AddressFamily);
        }
        return new SubnetPlan(subnet, gateway, range, configured);
    }

    /// <summary>Parses a requested subnet text, refusing host bits (10.1.0.5/24) as a likely mistake.</summary>
    public static IPNetwork ParseSubnet(string text)
    {
        if (!IpMath.TryParseNetwork(text, out var subnet, out bool hostBits)) throw NetworkException.Invalid($"invalid subnet: {text}");
        if (hostBits) throw NetworkException.Invalid($"invalid subnet {text}: it should be {subnet}");
        return subnet;
    }
}
