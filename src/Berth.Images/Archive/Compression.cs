using System.IO.Compression;
using Berth.Oci.Images;

namespace Berth.Images.Archive;

/// <summary>Recognises and undoes the compressions layers come in (none, gzip, zstd) by their magic bytes.</summary>
public static class Compression
{
    /// <summary>Reads the first bytes of <paramref name="source"/> and returns a stream of the decompressed data
    /// (the bytes read are not lost) and the compression found.</summary>
    public static (Stream Stream, LayerCompression Compression) Decompress(Stream source, bool leaveOpen = false)
    {
        byte[] head = new byte[6];
        int n = ReadAtLeast(source, head);
        var prefixed = new PrefixedStream(head.AsMemory(0, n), source, leaveOpen);
        var kind = Detect(head.AsSpan(0, n));
        Stream s = kind switch
        {
            LayerCompression.Gzip => new GZipStream(prefixed, CompressionMode.Decompress, leaveOpen: false),
            LayerCompression.Zstd => new ZstdSharp.DecompressionStream(prefixed, leaveOpen: false),
            _ => prefixed,
        };
        return (s, kind);
    }

    public static LayerCompression Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b) return LayerCompression.Gzip;
        if (head.Length >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd) return LayerCompression.Zstd;
        if (head.Length >= 3 && head[0] == (byte)'B' && head[1] == (byte)'Z' && head[2] == (byte)'h')
            throw ImageException.Invalid("unsupported compression: bzip2 (use gzip or zstd)");
        if (head.Length >= 6 && head[0] == 0xfd && head[1] == (byte)'7' && head[2] == (byte)'z' && head[3] == (byte)'X' && head[4] == (byte)'Z')
            throw ImageException.Invalid("unsupported compression: xz (use gzip or zstd)");
        return LayerCompression.None;
    }

    /// <summary>A compressing stream over <paramref name="destination"/>.</summary>
    public static Stream Compress(Stream destination, LayerCompression compression, bool leaveOpen = false) => compression switch
    {
        LayerCompression.Gzip => new GZipStream(destination, CompressionLevel.Fastest, leaveOpen),
        LayerCompression.Zstd => new ZstdSharp.CompressionStream(destination, 3, leaveOpen: leaveOpen),
        _ => leaveOpen ? new NonClosingStream(destination) : destination,
    };

    private static int ReadAtLeast(Stream s, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = s.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
