using System.Net.Sockets;
using System.Text;

namespace Berth.IntegrationTests.Cli;

/// <summary>
/// A unix-socket proxy between a CLI and dockerd that records what the client sends, so that the requests of
/// `berth` and of the docker CLI can be compared byte for byte.
/// </summary>
public sealed class LoggingProxy : IDisposable
{
    private readonly Socket _listener;
    private readonly string _target;
    private readonly MemoryStream _log = new();
    private readonly CancellationTokenSource _stop = new();

    public LoggingProxy(string path, string target)
    {
        Path = path;
        _target = target;
        File.Delete(path);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        _listener.Listen(64);
        _ = Task.Run(AcceptLoop);
    }

    public string Path { get; }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await upstream.ConnectAsync(new UnixDomainSocketEndPoint(_target));
            _ = Pump(client, upstream, record: true);
            _ = Pump(upstream, client, record: false);
        }
    }

    private async Task Pump(Socket from, Socket to, bool record)
    {
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                int n = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (n <= 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }
                if (record)
                    lock (_log) _log.Write(buffer, 0, n);
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
            }
        }
        catch (Exception)
        {
            // either side went away
        }
    }

    public void Clear()
    {
        lock (_log) _log.SetLength(0);
    }

    public string Recorded()
    {
        lock (_log) return Encoding.UTF8.GetString(_log.ToArray());
    }

    /// <summary>The JSON body of the first POST .../containers/create recorded.</summary>
    public string CreateBody()
    {
        string log = Recorded();
        int start = log.IndexOf("{\"Hostname\"", StringComparison.Ordinal);
        if (start < 0) return "";
        int end = log.IndexOf('\n', start);
        return end < 0 ? log[start..] : log[start..end];
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        File.Delete(Path);
    }
}
