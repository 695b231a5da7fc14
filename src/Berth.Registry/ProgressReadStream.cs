using System.Diagnostics;

namespace Berth.Registry;

/// <summary>Counts bytes read through it and reports the count at most every 100 ms (and at the end).</summary>
internal sealed class ProgressReadStream(Stream inner, Action<long> report) : Stream
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _last = -1000, _read;

    private void Count(int n)
    {
        _read += n;
        if (n == 0 || _clock.ElapsedMilliseconds - _last >= 100)
        {
            _last = _clock.ElapsedMilliseconds;
            report(_read);
        }
    }

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        Count(n);
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Count(n);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
