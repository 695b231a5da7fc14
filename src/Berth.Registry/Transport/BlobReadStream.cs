using System.Net;
using System.Net.Http.Headers;
using Berth.Images;
using Berth.Oci.Images;

namespace Berth.Registry.Transport;

/// <summary>
/// A blob download that survives broken connections: when a read fails or the body ends early it asks again
/// with <c>Range: bytes=&lt;position&gt;-</c> (after a backoff) and carries on; if the registry ignores the range it
/// skips what was already delivered. The consumer sees one uninterrupted stream.
/// </summary>
internal sealed class BlobReadStream : Stream
{
    private readonly RegistryTransport _transport;
    private readonly string _repository;
    private readonly Digest _digest;
    private readonly long _size;
    private readonly string[] _scopes;
    private HttpResponseMessage? _response;
    private Stream? _body;
    private int _resumes;

    public long Position0 { get; }
    public long Delivered { get; private set; }
    /// <summary>Called before a reconnect, with the attempt number.</summary>
    public Action<int>? OnResume { get; init; }

    private BlobReadStream(RegistryTransport transport, string repository, Digest digest, long size, long offset, string[] scopes)
    {
        _transport = transport;
        _repository = repository;
        _digest = digest;
        _size = size;
        _scopes = scopes;
        Position0 = offset;
        Delivered = offset;
    }

    public static async Task<BlobReadStream> OpenAsync(RegistryTransport transport, string repository, Digest digest, long size, long offset,
        string[] scopes, Action<int>? onResume, CancellationToken cancellationToken)
    {
        var s = new BlobReadStream(transport, repository, digest, size, offset, scopes) { OnResume = onResume };
        await s.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return s;
    }

    private string What => $"blob {_digest} of {_transport.Registry}/{_repository}";

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _body?.Dispose();
        _response?.Dispose();
        long from = Delivered;
        if (_size >= 0 && from >= _size)
        {
            // All of it arrived before (a pull killed between download and commit): asking for the bytes after
            // the end would get 416; the caller verifies the digest of what it has.
            _response = null;
            _body = Stream.Null;
            return;
        }
        var response = await _transport.SendAsync(b =>
        {
            var r = new HttpRequestMessage(HttpMethod.Get, new Uri(b, $"v2/{_repository}/blobs/{_digest}"));
            if (from > 0) r.Headers.Range = new RangeHeaderValue(from, null);
            return r;
        }, _scopes, retry: true, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.PartialContent && from > 0)
        {
            _response = response;
            _body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && from > 0 && _size < 0)
        {
            response.Dispose();   // size unknown and nothing after `from`: the blob is complete
            _response = null;
            _body = Stream.Null;
            return;
        }
        if (response.StatusCode == HttpStatusCode.OK)
        {
            _response = response;
            _body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            if (from > 0) await SkipAsync(_body, from, cancellationToken).ConfigureAwait(false);
            return;
        }
        using (response) throw await RegistryTransport.ErrorAsync(response, What, cancellationToken).ConfigureAwait(false);
    }

    private static async Task SkipAsync(Stream body, long count, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[1 << 16];
        while (count > 0)
        {
            int n = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
            if (n == 0) throw new IOException("the registry sent less than before");
            count -= n;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                int n = await _body!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n == 0 && _size >= 0 && Delivered < _size) throw new IOException($"connection closed after {Delivered} of {_size} bytes");
                Delivered += n;
                return n;
            }
            catch (Exception e) when ((e is IOException or HttpRequestException) && !cancellationToken.IsCancellationRequested)
            {
                if (_resumes >= 10) throw new ImageException(ImageErrorKind.Unavailable, $"{What}: download broke off {_resumes} times: {RegistryTransport.Describe(e)}", e);
                OnResume?.Invoke(++_resumes);
                await _transport.DelayAsync(_resumes - 1, null, cancellationToken).ConfigureAwait(false);
                await ConnectAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override int Read(Span<byte> buffer)
    {
        byte[] tmp = new byte[buffer.Length];
        int n = ReadAsync(tmp.AsMemory(), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        tmp.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body?.Dispose();
            _response?.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _size;
    public override long Position { get => Delivered; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
