using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Berth.Network.Dns;

/// <summary>
/// Relays queries the embedded server does not own to upstream resolvers, from the daemon's (host's) network
/// namespace: a loopback resolver such as systemd-resolved's 127.0.0.53 works as it does for the host.
/// Each query gets a fresh socket, so a fresh random source port.
/// </summary>
public sealed class DnsForwarder
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    public async Task<byte[]?> ForwardUdpAsync(byte[] query, IReadOnlyList<IPEndPoint> upstreams, CancellationToken ct)
    {
        if (query.Length < 2) return null;
        ushort id = BinaryPrimitives.ReadUInt16BigEndian(query);
        var buffer = new byte[4096];
        foreach (var upstream in upstreams)
        {
            using var socket = new Socket(upstream.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            try
            {
                await socket.ConnectAsync(upstream, timeout.Token);
                await socket.SendAsync(query, SocketFlags.None, timeout.Token);
                while (true)
                {
                    int n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                    if (n >= 12 && BinaryPrimitives.ReadUInt16BigEndian(buffer) == id) return buffer.AsSpan(0, n).ToArray();
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                // Next upstream.
            }
        }
        return null;
    }

    public async Task<byte[]?> ForwardTcpAsync(byte[] query, IReadOnlyList<IPEndPoint> upstreams, CancellationToken ct)
    {
        foreach (var upstream in upstreams)
        {
            using var socket = new Socket(upstream.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            try
            {
                await socket.ConnectAsync(upstream, timeout.Token);
                byte[] framed = new byte[query.Length + 2];
                BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
                query.CopyTo(framed, 2);
                await socket.SendAsync(framed, SocketFlags.None, timeout.Token);
                var reply = await DnsTcp.ReadMessageAsync(socket, timeout.Token);
                if (reply is not null) return reply;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
            }
        }
        return null;
    }
}
