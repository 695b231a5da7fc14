using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Berth.Engine.Networks;

/// <summary>CIDR parsing as Docker's API checks need it: host bits reported rather than refused, overlap tests.</summary>
internal static class SubnetMath
{
    /// <summary>Parses "address/prefix"; <paramref name="hadHostBits"/> tells whether bits past the prefix were set.</summary>
    public static bool TryParse(string text, out IPNetwork network, out bool hadHostBits)
    {
        network = default;
        hadHostBits = false;
        int slash = text.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)) return false;
        if (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, null, out int prefix)) return false;
        int bits = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        if (prefix > bits) return false;
        UInt128 n = ToNumber(address);
        UInt128 mask = prefix == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefix);
        if (bits == 32) mask >>= 96;
        UInt128 masked = n & mask;
        hadHostBits = masked != n;
        network = new IPNetwork(FromNumber(masked, address.AddressFamily), prefix);
        return true;
    }

    public static bool Overlaps(IPNetwork a, IPNetwork b) =>
        a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily && (a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress));

    private static UInt128 ToNumber(IPAddress address)
    {
        byte[] bytes = address.GetAddressBytes();
        return bytes.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private static IPAddress FromNumber(UInt128 n, AddressFamily family)
    {
        if (family == AddressFamily.InterNetwork)
        {
            var b4 = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b4, (uint)n);
            return new IPAddress(b4);
        }
        var b16 = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(b16, n);
        return new IPAddress(b16);
    }
}
