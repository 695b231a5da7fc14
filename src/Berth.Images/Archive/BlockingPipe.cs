using System.Collections.Concurrent;

namespace Berth.Images.Archive;

/// <summary>
/// An in-memory pipe between one writing thread and one reading thread, with bounded buffering: <see cref="Writer"/>
/// blocks while <see cref="Capacity"/> chunks wait, <see cref="Reader"/> blocks until data or the end. A reader that
/// goes away (disposed) makes further writes no-ops, so a failed consumer never stalls the producer; a producer that
/// fails (<see cref="Fail"/>) makes the reader throw instead of seeing a clean, truncated end.
/// </summary>
public sealed class BlockingPipe : IDisposable
{
    public const int Capacity = 32;
    private readonly BlockingCollection<byte[]> _chunks = new(Capacity);
    private readonly CancellationTokenSource _readerGone = new();
    private volatile bool _failed;

    public BlockingPipe()
    {
        Writer = new WriteEnd(this);
        Reader = new ReadEnd(this);
    }

    public Stream Writer { get; }
    public Stream Reader { get; }

    /// <summary>The producer failed: the reader gets an IOException once it has read what was written.</summary>
    public void Fail()
    {
        _failed = true;
        _chunks.CompleteAdding();
    }

    /// <summary>Call once both ends are done with.</summary>
    public void Dispose()
    {
        _chunks.Dispose();
        _readerGone.Dispose();
    }

    private sealed class WriteEnd(BlockingPipe pipe) : Stream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.IsEmpty || pipe._readerGone.IsCancellationRequested) return;
            try { pipe._chunks.Add(buffer.ToArray(), pipe._readerGone.Token); }
            catch (OperationCanceledException) { } // the reader stopped: nothing left to feed
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        protected override void Dispose(bool disposing)
        {
            if (disposing && !pipe._chunks.IsAddingCompleted) pipe._chunks.CompleteAdding();
            base.Dispose(disposing);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private sealed class ReadEnd(BlockingPipe pipe) : Stream
    {
        private byte[] _chunk = [];
        private int _offset;

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty) return 0;
            while (_offset == _chunk.Length)
            {
                if (!pipe._chunks.TryTake(out var next, Timeout.Infinite))
                {
                    if (pipe._failed) throw new IOException("the producer of the stream failed");
                    return 0;
                }
                _chunk = next;
                _offset = 0;
            }
            int n = Math.Min(buffer.Length, _chunk.Length - _offset);
            _chunk.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        protected override void Dispose(bool disposing)
        {
            if (disposing) pipe._readerGone.Cancel();
            base.Dispose(disposing);
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
}
