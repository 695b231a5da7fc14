using System.Buffers.Binary;

namespace Berth.Runtime.ShimProtocol;

/// <summary>
/// Frames the shim sends on attach and exec connections: [type:1][0:3][length:4 big-endian][payload], the same
/// layout as Docker's multiplexed stream so the daemon can pass non-tty output through unchanged. Types 1 and 2 are
/// stdout and stderr; <see cref="Exit"/> carries a <see cref="ShimExit"/> JSON and ends an exec stream.
/// </summary>
public static class ShimFrame
{
    public const byte Stdout = 1, Stderr = 2, Exit = 0x10;
    public const int HeaderSize = 8;

    public static void WriteHeader(Span<byte> header, byte type, int length)
    {
        header[0] = type;
        header[1] = header[2] = header[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)length);
    }

    public static (byte Type, int Length) ReadHeader(ReadOnlySpan<byte> header) =>
        (header[0], (int)BinaryPrimitives.ReadUInt32BigEndian(header[4..]));
}
