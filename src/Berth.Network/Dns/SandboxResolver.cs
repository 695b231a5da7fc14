using System.Net;
using System.Net.Sockets;
using Berth.Linux.Namespaces;
using Berth.Linux.Netlink;

namespace Berth.Network.Dns;

/// <summary>
/// The embedded DNS server of one container: a UDP socket and a TCP listener created inside the container's
/// network namespace on 127.0.0.11 at kernel-chosen ports, and an nftables rule there that sends 127.0.0.11:53 to
/// them (so the container's own programs stay free to bind port 53). The sockets are served by the daemon's
/// asynchronous I/O like any other; only their creation needs the namespace. Replies get their source port
/// rewritten back to 53 by conntrack.
/// </summary>
public sealed class SandboxResolver : IAsyncDisposable
{
    public static readonly IPAddress Address = IPAddress.Parse("127.0.0.11");

    /// <summary>The table Berth owns inside a container's namespace.</summary>
    public const string TableName = "berth_dns";

    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly string _sandboxId;
    private readonly IDnsCatalog _catalog;
    private readonly DnsForwarder _forwarder;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _udpLoop;
    private readonly Task _tcpLoop;

    public int UdpPort { get; }
    public int TcpPort { get; }

    private SandboxResolver(Socket udp, Socket tcp, string sandboxId, IDnsCatalog catalog, DnsForwarder forwarder)
    {
        _udp = udp;
        _tcp = tcp;
        _sandboxId = sandboxId;
        _catalog = catalog;
        _forwarder = forwarder;
        UdpPort = ((IPEndPoint)udp.LocalEndPoint!).Port;
        TcpPort = ((IPEndPoint)tcp.LocalEndPoint!).Port;
        _udpLoop = Task.Run(ServeUdpAsync);
        _tcpLoop = Task.Run(ServeTcpAsync);
    }

    /// <summary>Creates the sockets and the redirect inside <paramref name="netns"/> (whose lo must be up) and starts serving.</summary>
    public static SandboxResolver Start(NetworkNamespace netns, string sandboxId, IDnsCatalog catalog, DnsForwarder forwarder)
    {
        var (udp, tcp) = netns.Run(() =>
        {
            var u = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            var t = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                u.Bind(new IPEndPoint(Address, 0));
                t.Bind(new IPEndPoint(Address, 0));
                t.Listen(128);
                Nftables.Apply(RedirectScript(((IPEndPoint)u.LocalEndPoint!).Port, ((IPEndPoint)t.LocalEndPoint!).Port));
                return (u, t);
            }
            catch
            {
                u.Dispose();
                t.Dispose();
                throw;
            }
        });
        return new SandboxResolver(udp, tcp, sandboxId, catalog, forwarder);
    }

    /// <summary>The in-namespace redirect: replaces any earlier one (after a daemon restart) in one transaction.</summary>
    public static string RedirectScript(int udpPort, int tcpPort) =>
        $$"""
        table ip {{TableName}} {}
        delete table ip {{TableName}}
        table ip {{TableName}} {
          chain output {
            type nat hook output priority -100; policy accept;
            ip daddr {{Address}} udp dport 53 dnat to {{Address}}:{{udpPort}}
            ip daddr {{Address}} tcp dport 53 dnat to {{Address}}:{{tcpPort}}
          }
        }

        """;

    private async Task ServeUdpAsync()
    {
        var buffer = new byte[4096];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult got;
            try
            {
                got = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { return; }
            catch (SocketException) { continue; }
            byte[] query = buffer.AsSpan(0, got.ReceivedBytes).ToArray();
            var from = got.RemoteEndPoint;
            _ = Task.Run(async () =>
            {
                try
                {
                    byte[]? reply = await AnswerAsync(query, tcp: false);
                    if (reply is not null) await _udp.SendToAsync(reply, SocketFlags.None, from, _stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { }
            });
        }
    }

    private async Task ServeTcpAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _tcp.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException) { return; }
            catch (SocketException) { continue; }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        while (true)
                        {
                            using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                            idle.CancelAfter(TimeSpan.FromSeconds(10));
                            byte[]? query = await DnsTcp.ReadMessageAsync(client, idle.Token);
                            if (query is null) return;
                            byte[]? reply = await AnswerAsync(query, tcp: true);
                            if (reply is null) return;
                            await DnsTcp.WriteMessageAsync(client, reply, idle.Token);
                        }
                    }
                    catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { }
                }
            });
        }
    }

    private async Task<byte[]?> AnswerAsync(byte[] query, bool tcp)
    {
        if (query.Length < 12) return null;
        byte[]? local = DnsResponder.TryAnswer(query, _catalog, _sandboxId, tcp ? 65535 : DnsMessage.MaxUdpSize);
        if (local is not null) return local;
        var upstreams = _catalog.Upstreams(_sandboxId);
        byte[]? forwarded = upstreams.Count == 0 ? null
            : tcp ? await _forwarder.ForwardTcpAsync(query, upstreams, _stop.Token)
            : await _forwarder.ForwardUdpAsync(query, upstreams, _stop.Token);
        return forwarded ?? DnsResponder.ServerFailure(query);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _udp.Dispose();
        _tcp.Dispose();
        try { await Task.WhenAll(_udpLoop, _tcpLoop).WaitAsync(TimeSpan.FromSeconds(2)); } catch { }
        _stop.Dispose();
    }
}
