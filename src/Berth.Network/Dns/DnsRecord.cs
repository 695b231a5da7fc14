using System.Net;
using System.Net.Sockets;

namespace Berth.Network.Dns;

/// <summary>A resource record; <see cref="Data"/> is the raw RDATA except for names, kept in <see cref="Target"/>.</summary>
public sealed record DnsRecord(string Name, ushort Type, ushort Class, uint Ttl, byte[] Data, string? Target = null)
{
    public static DnsRecord Address(string name, IPAddress address, uint ttl) =>
        new(name, address.AddressFamily == AddressFamily.InterNetworkV6 ? DnsType.AAAA : DnsType.A, DnsType.ClassIN, ttl, address.GetAddressBytes());

    public static DnsRecord Pointer(string name, string target, uint ttl) => new(name, DnsType.PTR, DnsType.ClassIN, ttl, [], target);

    /// <summary>The address of an A or AAAA record.</summary>
    public IPAddress? IPAddress => Type is DnsType.A or DnsType.AAAA ? new IPAddress(Data) : null;
}
