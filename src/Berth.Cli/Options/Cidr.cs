using System.Net;

namespace Berth.Cli.Options;

/// <summary>CIDR parsing and docker's subnetMatches (is an address or network inside a subnet).</summary>
public static class Cidr
{
    public static bool TryParse(string s, out IPAddress network, out int bits)
    {
        network = IPAddress.None;
        bits = 0;
        int slash = s.IndexOf('/');
        if (slash < 0 || !IPAddress.TryParse(s[..slash], out var ip) || !int.TryParse(s[(slash + 1)..], out bits)) return false;
        int max = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        if (bits < 0 || bits > max) return false;
        network = ip;
        return true;
    }

    public static bool Matches(string subnet, string data)
    {
        if (!TryParse(subnet, out var net, out int bits)) throw new CliException($"invalid CIDR address: {subnet}");
        string addr = data.Contains('/') ? data[..data.IndexOf('/')] : data;
        if (!IPAddress.TryParse(addr, out var ip)) throw new CliException($"invalid CIDR address: {data}");
        if (ip.AddressFamily != net.AddressFamily) return false;
        var a = net.GetAddressBytes();
        var b = ip.GetAddressBytes();
        for (int i = 0; i < a.Length; i++)
        {
            int remaining = bits - i * 8;
            if (remaining <= 0) break;
            int mask = remaining >= 8 ? 0xff : (0xff << (8 - remaining)) & 0xff;
            if ((a[i] & mask) != (b[i] & mask)) return false;
        }
        return true;
    }
}
