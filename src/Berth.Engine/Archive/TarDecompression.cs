using System.IO.Compression;
using Berth.Engine.Errors;

namespace Berth.Engine.Archive;

/// <summary>
/// The body of PUT /containers/{id}/archive may be compressed (moby decompresses gzip, bzip2, xz, zstd before it
/// extracts); this recognises gzip and zstd by their magic bytes, asynchronously, and passes plain tars through.
/// </summary>
public static class TarDecompression
{
    public static async Task<Stream> OpenAsync(Stream body, CancellationToken cancel)
    {
        byte[] head = new byte[6];
        int n = 0;
        while (n < head.Length)
        {
            int r = await body.ReadAsync(head.AsMemory(n), cancel);
            if (r == 0) break;
            n += r;
        }
        var prefixed = new PrefixedReadStream(head.AsMemory(0, n), body);
        if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b) return new GZipStream(prefixed, CompressionMode.Decompress);
        if (n >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd) return new ZstdSharp.DecompressionStream(prefixed);
        if (n >= 3 && head[0] == (byte)'B' && head[1] == (byte)'Z' && head[2] == (byte)'h')
            throw EngineException.Invalid("unsupported compression of the archive: bzip2 (send it uncompressed, gzip or zstd)");
        if (n >= 6 && head[0] == 0xfd && head[1] == (byte)'7' && head[2] == (byte)'z' && head[3] == (byte)'X' && head[4] == (byte)'Z')
            throw EngineException.Invalid("unsupported compression of the archive: xz (send it uncompressed, gzip or zstd)");
        return prefixed;
    }

    /// <summary>Bytes already read, then the rest of the inner stream; async reads stay async.</summary>
    private sealed class PrefixedReadStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_prefix.Length > 0) return TakePrefix(buffer.Span);
            return await inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(Span<byte> buffer) => _prefix.Length > 0 ? TakePrefix(buffer) : inner.Read(buffer);
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        private int TakePrefix(Span<byte> buffer)
        {
            int n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
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
}
