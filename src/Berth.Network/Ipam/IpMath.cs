using System.Net;
using System.Net.Sockets;

namespace Berth.Network.Ipam;

/// <summary>Addresses as 128-bit integers, so IPv4 and IPv6 share one arithmetic.</summary>
internal static class IpMath
{
    public static int Bits(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 128 : 32;

    public static UInt128 ToNumber(IPAddress address)
    {
        byte[] b = address.GetAddressBytes();
        UInt128 n = 0;
        foreach (byte x in b) n = (n << 8) | x;
        return n;
    }

    public static IPAddress FromNumber(UInt128 n, AddressFamily family)
    {
        int len = family == AddressFamily.InterNetworkV6 ? 16 : 4;
        byte[] b = new byte[len];
        for (int i = len - 1; i >= 0; i--)
        {
            b[i] = (byte)(n & 0xff);
            n >>= 8;
        }
        return new IPAddress(b);
    }

    public static UInt128 Mask(int prefix, int bits)
    {
        if (prefix == 0) return 0;
        UInt128 all = bits == 128 ? UInt128.MaxValue : ((UInt128)1 << bits) - 1;
        return all ^ ((((UInt128)1) << (bits - prefix)) - 1);
    }

    public static UInt128 First(IPNetwork net) => ToNumber(net.BaseAddress);

    public static UInt128 Last(IPNetwork net)
    {
        int bits = Bits(net.BaseAddress.AddressFamily);
        UInt128 hostMask = net.PrefixLength == bits ? 0 : (((UInt128)1) << (bits - net.PrefixLength)) - 1;
        return First(net) | hostMask;
    }

    public static bool Overlaps(IPNetwork a, IPNetwork b) =>
        a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily && First(a) <= Last(b) && First(b) <= Last(a);

    /// <summary>True when <paramref name="inner"/> lies wholly inside <paramref name="outer"/>.</summary>
    public static bool Within(IPNetwork inner, IPNetwork outer) =>
        inner.BaseAddress.AddressFamily == outer.BaseAddress.AddressFamily && inner.PrefixLength >= outer.PrefixLength &&
        outer.Contains(inner.BaseAddress);

    /// <summary>Parses "a.b.c.d/n", masking off host bits; false on anything else.</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network, out bool hadHostBits)
    {
        network = default;
        hadHostBits = false;
        int slash = text.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)) return false;
        if (!int.TryParse(text.AsSpan(slash + 1), out int prefix)) return false;
        int bits = Bits(address.AddressFamily);
        if (prefix < 0 || prefix > bits) return false;
        UInt128 n = ToNumber(address);
        UInt128 masked = n & Mask(prefix, bits);
        hadHostBits = masked != n;
        network = new IPNetwork(FromNumber(masked, address.AddressFamily), prefix);
        return true;
    }

    public static IPNetwork ParseNetwork(string text, string what)
    {
        if (!TryParseNetwork(text, out var network, out _)) throw NetworkException.Invalid($"invalid {what}: {text}");
        return network;
    }

    /// <summary>The network an address/prefix pair belongs to.</summary>
    public static IPNetwork NetworkOf(IPAddress address, int prefix)
    {
        int bits = Bits(address.AddressFamily);
        return new IPNetwork(FromNumber(ToNumber(address) & Mask(prefix, bits), address.AddressFamily), prefix);
    }
}
