using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Berth.Cli.Client;

/// <summary>
/// One HTTP/1.1 connection to the daemon over a unix or TCP socket, with a read buffer for response heads.
/// Hand-written rather than HttpClient: it starts faster, and the same connection can be hijacked for attach/exec.
/// </summary>
public sealed class HttpConnection : IDisposable
{
    private readonly byte[] _buffer = new byte[16384];
    private int _start, _end;

    private HttpConnection(Socket socket)
    {
        Socket = socket;
    }

    public Socket Socket { get; }
    public bool Broken { get; set; }

    public static HttpConnection Connect(DaemonEndpoint endpoint)
    {
        Socket socket;
        try
        {
            if (endpoint.IsUnix)
            {
                socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    socket.Connect(new UnixDomainSocketEndPoint(endpoint.Address));
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
            else
            {
                socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    if (IPAddress.TryParse(endpoint.Address, out var ip)) socket.Connect(new IPEndPoint(ip, endpoint.Port));
                    else socket.Connect(endpoint.Address, endpoint.Port);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
        }
        catch (SocketException e)
        {
            throw ConnectError(endpoint, e);
        }
        return new HttpConnection(socket);
    }

    private static Exception ConnectError(DaemonEndpoint endpoint, SocketException e)
    {
        if (e.SocketErrorCode == SocketError.AccessDenied)
        {
            string dial = endpoint.IsUnix ? $"dial unix {endpoint.Address}" : $"dial tcp {endpoint.Address}:{endpoint.Port}";
            return new DaemonUnavailableException(
                $"permission denied while trying to connect to the Berth daemon socket at {endpoint.Url}: {dial}: connect: permission denied");
        }
        return new DaemonUnavailableException(
            $"Cannot connect to the Berth daemon at {endpoint.Url}. Is the berth daemon running?");
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            int n = Socket.Send(data);
            data = data[n..];
        }
    }

    /// <summary>Bytes read past the response head (already buffered), then the socket.</summary>
    public int Read(Span<byte> destination)
    {
        if (_start < _end)
        {
            int n = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, n).CopyTo(destination);
            _start += n;
            return n;
        }
        if (destination.Length == 0) return 0;
        return Socket.Receive(destination);
    }

    private bool Fill()
    {
        if (_start > 0 && _start == _end)
        {
            _start = _end = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_start == 0) throw new IOException("response header too large");
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        int n = Socket.Receive(_buffer.AsSpan(_end));
        if (n == 0) return false;
        _end += n;
        return true;
    }

    /// <summary>Reads one CRLF-terminated line (without the terminator); null at end of stream.</summary>
    public string? ReadLine()
    {
        while (true)
        {
            int nl = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (nl >= 0)
            {
                int len = nl - _start;
                if (len > 0 && _buffer[nl - 1] == '\r') len--;
                string line = Encoding.Latin1.GetString(_buffer, _start, len);
                _start = nl + 1;
                return line;
            }
            if (!Fill())
            {
                if (_start == _end) return null;
                string rest = Encoding.Latin1.GetString(_buffer, _start, _end - _start);
                _start = _end;
                return rest;
            }
        }
    }

    public void ShutdownWrite()
    {
        try
        {
            Socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        try
        {
            Socket.Dispose();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
