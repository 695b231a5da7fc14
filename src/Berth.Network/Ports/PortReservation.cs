using System.Net;
using System.Net.Sockets;

namespace Berth.Network.Ports;

/// <summary>
/// A host port held by a bound placeholder socket (never listening, never read), as Docker does: nothing else on
/// the host can bind the port while it is published, and a port someone already uses fails at once with a clear
/// error. Traffic never reaches the placeholder: DNAT rewrites it before the local socket lookup.
/// </summary>
public sealed class PortReservation : IDisposable
{
    private readonly Socket _socket;

    public PortMapping Mapping { get; }

    private PortReservation(Socket socket, PortMapping mapping)
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
        bool udp = binding.Protocol == "udp";
        var socket = new Socket(ip.AddressFamily, udp ? SocketType.Dgram : SocketType.Stream, udp ? ProtocolType.Udp : ProtocolType.Tcp);
        try
        {
            if (ip.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
            socket.Bind(new IPEndPoint(ip, port));
            int bound = ((IPEndPoint)socket.LocalEndPoint!).Port;
            return new PortReservation(socket, new PortMapping(binding.Protocol, ip, bound, binding.ContainerPort));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            if (!last && e.SocketErrorCode == SocketError.AddressAlreadyInUse) return null;
            string where = ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
            string range = binding.HostPortStart != binding.HostPortEnd ? $"{binding.HostPortStart}-{binding.HostPortEnd}" : port.ToString();
            string reason = e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "port is already allocated",
                SocketError.AddressNotAvailable => "the address is not on this host",
                SocketError.AccessDenied => "permission denied",
                _ => e.Message.ToLowerInvariant(),
            };
            throw new NetworkException(NetworkErrorKind.Conflict, $"bind for {where}:{range}/{binding.Protocol} failed: {reason}", e);
        }
    }

    public void Dispose() => _socket.Dispose();
}
