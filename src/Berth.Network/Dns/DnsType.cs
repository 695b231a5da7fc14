namespace Berth.Network.Dns;

/// <summary>Record types and classes used here (RFC 1035, 3596, 6891).</summary>
public static class DnsType
{
    public const ushort A = 1, NS = 2, CNAME = 5, SOA = 6, PTR = 12, MX = 15, TXT = 16, AAAA = 28, SRV = 33, OPT = 41, ANY = 255;
    public const ushort ClassIN = 1;
}
