using System.Buffers;
using System.IO.Pipelines;

namespace Berth.Api.Hijack;

/// <summary>A hijacked connection as a Stream: reads from the client, writes (flushed at once) to the client.</summary>
public sealed class DuplexPipeStream : Stream
{
    private readonly IDuplexPipe _pipe;
    private bool _inputDone;

    public DuplexPipeStream(IDuplexPipe pipe) => _pipe = pipe;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_inputDone) return 0;
        while (true)
        {
            ReadResult result;
            try { result = await _pipe.Input.ReadAsync(cancellationToken); }
            catch (Exception) when (!cancellationToken.IsCancellationRequested) { _inputDone = true; return 0; }
            var seq = result.Buffer;
            if (!seq.IsEmpty)
            {
                int n = (int)Math.Min(seq.Length, buffer.Length);
                seq.Slice(0, n).CopyTo(buffer.Span);
                _pipe.Input.AdvanceTo(seq.GetPosition(n));
                return n;
            }
            _pipe.Input.AdvanceTo(seq.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                _inputDone = true;
                return 0;
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var r = await _pipe.Output.WriteAsync(buffer, cancellationToken);
        if (r.IsCompleted) throw new IOException("the client closed the connection");
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, default).GetAwaiter().GetResult();
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, default).GetAwaiter().GetResult();
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => _pipe.Output.FlushAsync(cancellationToken).AsTask();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Ends our side of the connection (the client sees EOF).</summary>
    public async Task CompleteAsync()
    {
        try { await _pipe.Output.CompleteAsync(); } catch { }
    }
}
