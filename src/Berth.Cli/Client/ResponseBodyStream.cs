using System.Globalization;

namespace Berth.Cli.Client;

/// <summary>
/// A response body read from the connection: by Content-Length, chunked, or until the server closes.
/// When the body is fully read on a keep-alive connection, the connection goes back to the client's pool.
/// </summary>
public sealed class ResponseBodyStream : Stream
{
    private enum Framing { Length, Chunked, UntilClose, None }

    private readonly HttpConnection _connection;
    private readonly Action<HttpConnection>? _release;
    private readonly Framing _framing;
    private long _remaining;
    private bool _done;
    private bool _disposed;

    public ResponseBodyStream(HttpConnection connection, ResponseHead head, bool headRequest, Action<HttpConnection>? release)
    {
        _connection = connection;
        _release = release;
        string? te = head.Header("Transfer-Encoding");
        string? cl = head.Header("Content-Length");
        if (headRequest || head.Status is 204 or 304 || head.Status < 200)
        {
            _framing = Framing.None;
            _done = true;
        }
        else if (te is not null && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            _framing = Framing.Chunked;
            _remaining = 0;
        }
        else if (cl is not null && long.TryParse(cl, NumberStyles.None, CultureInfo.InvariantCulture, out long length))
        {
            _framing = Framing.Length;
            _remaining = length;
            if (length == 0) _done = true;
        }
        else
        {
            _framing = Framing.UntilClose;
        }
        KeepAlive = _framing != Framing.UntilClose
            && !string.Equals(head.Header("Connection"), "close", StringComparison.OrdinalIgnoreCase);
        if (_done) Finish();
    }

    public bool KeepAlive { get; }

    private void Finish()
    {
        _done = true;
        if (KeepAlive && !_connection.Broken && _release is not null && !_disposed)
        {
            _disposed = true;
            _release(_connection);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_done || buffer.Length == 0) return 0;
        try
        {
            switch (_framing)
            {
                case Framing.Length:
                {
                    int want = (int)Math.Min(buffer.Length, _remaining);
                    int n = _connection.Read(buffer[..want]);
                    if (n == 0) throw new IOException("unexpected EOF");
                    _remaining -= n;
                    if (_remaining == 0) Finish();
                    return n;
                }
                case Framing.Chunked:
                {
                    if (_remaining == 0)
                    {
                        string? sizeLine = _connection.ReadLine();
                        if (sizeLine is null) throw new IOException("unexpected EOF");
                        int semi = sizeLine.IndexOf(';');
                        if (semi >= 0) sizeLine = sizeLine[..semi];
                        _remaining = long.Parse(sizeLine.Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                        if (_remaining == 0)
                        {
                            // trailers until an empty line
                            while (true)
                            {
                                string? t = _connection.ReadLine();
                                if (string.IsNullOrEmpty(t)) break;
                            }
                            Finish();
                            return 0;
                        }
                    }
                    int want = (int)Math.Min(buffer.Length, _remaining);
                    int n = _connection.Read(buffer[..want]);
                    if (n == 0) throw new IOException("unexpected EOF");
                    _remaining -= n;
                    if (_remaining == 0) _connection.ReadLine();
                    return n;
                }
                case Framing.UntilClose:
                {
                    int n = _connection.Read(buffer);
                    if (n == 0) _done = true;
                    return n;
                }
                default:
                    return 0;
            }
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            _connection.Broken = true;
            throw new IOException(e.Message, e);
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (!_disposed)
        {
            _disposed = true;
            if (!_done) _connection.Dispose();
            else if (!KeepAlive || _release is null) _connection.Dispose();
        }
        base.Dispose(disposing);
    }
}
