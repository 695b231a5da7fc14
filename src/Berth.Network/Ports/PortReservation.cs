using System.Net;
using System.Net.Sockets;
using Berth.Linux;
using Berth.Linux.Sockets;

namespace Berth.Network.Ports;

/// <summary>
/// A host port held by a bound placeholder socket (never listening, never read), as Docker does: nothing else on
/// the host can bind the port while it is published, and a port someone already uses fails at once with a clear
/// error. Traffic never reaches the placeholder: DNAT rewrites it before the local socket lookup.
/// </summary>
public sealed class PortReservation : IDisposable
{
    private readonly PortPlaceholder _socket;

    public PortMapping Mapping { get; }

    private PortReservation(PortPlaceholder socket, PortMapping mapping)
    {
        _socket = socket;
        Mapping = mapping;
    }

    /// <summary>Reserves the binding's host port, or the first free one of its range, or a random ephemeral one.</summary>
    public static PortReservation Reserve(PortBinding binding, IPAddress defaultHostIp)
    {
        var ip = binding.HostIp ?? defaultHostIp;
        if (binding.Protocol == "sctp") throw NetworkException.Invalid($"cannot publish {binding}: sctp is not supported");
        if (binding.IsRandom) return Bind(binding, ip, 0, last: true)!;
        for (int port = binding.HostPortStart; port <= binding.HostPortEnd; port++)
        {
            var r = Bind(binding, ip, port, last: port == binding.HostPortEnd);
            if (r is not null) return r;
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Re-takes a mapping that was in force before a daemon restart.</summary>
    public static PortReservation Restore(PortMapping mapping) =>
        Bind(new PortBinding(mapping.Protocol, mapping.HostIp, mapping.HostPort, mapping.HostPort, mapping.ContainerPort),
            mapping.HostIp, mapping.HostPort, last: true)!;

    private static PortReservation? Bind(PortBinding binding, IPAddress ip, int port, bool last)
    {
        int errno = PortPlaceholder.TryBind(ip, port, binding.Protocol == "udp", out var placeholder);
        if (errno == 0)
            return new PortReservation(placeholder!, new PortMapping(binding.Protocol, ip, placeholder!.EndPoint.Port, binding.ContainerPort));
        if (!last && errno == Errnos.EADDRINUSE) return null;
        string where = ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
        string range = binding.HostPortStart != binding.HostPortEnd ? $"{binding.HostPortStart}-{binding.HostPortEnd}" : port.ToString();
        string reason = errno switch
        {
            Errnos.EADDRINUSE => "port is already allocated",
            Errnos.EADDRNOTAVAIL => "the address is not on this host",
            _ => Errnos.Describe(errno),
        };
        throw new NetworkException(NetworkErrorKind.Conflict, $"bind for {where}:{range}/{binding.Protocol} failed: {reason}");
    }

    public void Dispose() => _socket.Dispose();
}
