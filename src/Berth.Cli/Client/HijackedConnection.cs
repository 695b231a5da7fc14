namespace Berth.Cli.Client;

/// <summary>A connection after "101 UPGRADED": the process's output to read, its stdin to write, half-close on EOF.</summary>
public sealed class HijackedConnection(HttpConnection connection, ResponseHead head) : IDisposable
{
    public ResponseHead Head { get; } = head;

    /// <summary>True when the server said the stream is multiplexed (8-byte frame headers).</summary>
    public bool Multiplexed => Head.Header("Content-Type") == "application/vnd.docker.multiplexed-stream";

    public int Read(Span<byte> buffer)
    {
        try
        {
            return connection.Read(buffer);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            return 0;
        }
    }

    public void Write(ReadOnlySpan<byte> data) => connection.Write(data);

    /// <summary>shutdown(SHUT_WR): tells the daemon stdin has ended while output keeps coming.</summary>
    public void CloseWrite() => connection.ShutdownWrite();

    public void Dispose() => connection.Dispose();
}
