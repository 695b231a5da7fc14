using System.Net;

namespace Berth.Network.Ipam;

/// <summary>Picks the first subnet of the pools that overlaps nothing in use (other networks, host routes).</summary>
public static class SubnetAllocator
{
    public static IPNetwork? FindFree(IEnumerable<AddressPool> pools, IReadOnlyCollection<IPNetwork> inUse)
    {
        foreach (var pool in pools)
        {
            int bits = IpMath.Bits(pool.Base.BaseAddress.AddressFamily);
            UInt128 step = (UInt128)1 << (bits - pool.Size);
            UInt128 last = IpMath.Last(pool.Base);
            UInt128 at = IpMath.First(pool.Base);
            while (true)
            {
                var candidate = new IPNetwork(IpMath.FromNumber(at, pool.Base.BaseAddress.AddressFamily), pool.Size);
                IPNetwork? clash = null;
                foreach (var used in inUse)
                {
                    if (IpMath.Overlaps(candidate, used)) { clash = used; break; }
                }
                if (clash is null) return candidate;
                // Skip past the clash at once when it is bigger than a step (a /16 route over /24 candidates).
                UInt128 next = at + step;
                UInt128 clashEnd = IpMath.Last(clash.Value);
                if (clashEnd >= next) next = ((clashEnd / step) + 1) * step;
                if (next <= at || next > last) break;
                at = next;
            }
        }
        return null;
    }
}
