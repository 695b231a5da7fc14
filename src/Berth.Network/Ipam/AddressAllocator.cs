using System.Net;
using System.Net.Sockets;

namespace Berth.Network.Ipam;

/// <summary>
/// Hands out host addresses of a subnet: the next free one after the last handed out (so a released address is
/// not reused at once, as Docker does), skipping the network, broadcast and gateway addresses.
/// </summary>
internal static class AddressAllocator
{
    public static IPAddress? Next(SubnetPlan plan, IReadOnlySet<UInt128> used, UInt128 after)
    {
        var pool = plan.IpRange ?? plan.Subnet;
        UInt128 first = IpMath.First(pool), last = IpMath.Last(pool);
        UInt128 subnetFirst = IpMath.First(plan.Subnet), subnetLast = IpMath.Last(plan.Subnet);
        bool v4 = plan.Family == AddressFamily.InterNetwork;
        UInt128 gateway = IpMath.ToNumber(plan.Gateway);
        UInt128 start = after >= first && after < last ? after + 1 : first;
        UInt128 n = start;
        // Bounded: an exhausted IPv6 /64 is not walked to its end; a million probes is plenty.
        for (int probes = 0; probes < 1 << 20; probes++)
        {
            bool reserved = n == subnetFirst || n == gateway || (v4 && n == subnetLast && plan.Subnet.PrefixLength < 31);
            if (!reserved && !used.Contains(n)) return IpMath.FromNumber(n, plan.Family);
            n = n == last ? first : n + 1;
            if (n == start) break;
        }
        return null;
    }

    /// <summary>Checks a requested static address; null when usable, else why not.</summary>
    public static string? CheckStatic(SubnetPlan plan, IPAddress address, IReadOnlySet<UInt128> used)
    {
        if (address.AddressFamily != plan.Family || !plan.Subnet.Contains(address)) return $"address {address} is not in subnet {plan.Subnet}";
        UInt128 n = IpMath.ToNumber(address);
        if (n == IpMath.First(plan.Subnet)) return $"address {address} is the network address of {plan.Subnet}";
        if (plan.Family == AddressFamily.InterNetwork && n == IpMath.Last(plan.Subnet) && plan.Subnet.PrefixLength < 31)
            return $"address {address} is the broadcast address of {plan.Subnet}";
        if (address.Equals(plan.Gateway)) return $"address {address} is the gateway of the network";
        if (used.Contains(n)) return $"address {address} is already in use";
        return null;
    }
}
