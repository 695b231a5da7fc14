namespace Berth.Build.Context;

/// <summary>
/// Blocking reads over a stream that only allows asynchronous ones (Kestrel's request body), for the worker
/// thread that unpacks a context.
/// </summary>
public sealed class SyncReadStream(Stream inner, CancellationToken cancel) : Stream
{
    public override int Read(byte[] buffer, int offset, int count) =>
        inner.ReadAsync(buffer.AsMemory(offset, count), cancel).AsTask().GetAwaiter().GetResult();

    public override int Read(Span<byte> buffer)
    {
        byte[] tmp = new byte[buffer.Length];
        int n = Read(tmp, 0, tmp.Length);
        tmp.AsSpan(0, n).CopyTo(buffer);
        return n;
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
}
