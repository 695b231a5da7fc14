using System.Buffers.Binary;
using System.Text;

namespace Berth.Cli.Streams;

/// <summary>
/// Splits the multiplexed stream of attach, exec and logs (8-byte headers: stream type, 3 zero bytes, big-endian
/// length) into stdout and stderr, as moby's stdcopy.StdCopy does. Type 3 carries an error message from the daemon.
/// </summary>
public static class StdCopy
{
    public delegate int ReadFunc(Span<byte> buffer);

    public static void Copy(ReadFunc read, Stream? stdout, Stream? stderr, Action? afterWrite = null)
    {
        var header = new byte[8];
        var buffer = new byte[32 * 1024];
        while (true)
        {
            if (!ReadFull(read, header)) return;
            byte type = header[0];
            int size = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4));
            Stream? target = type switch
            {
                0 or 1 => stdout,
                2 => stderr,
                3 => null,
                _ => throw new CliException($"Unrecognized input header: {type}"),
            };
            if (type == 3)
            {
                var message = new byte[size];
                if (!ReadFull(read, message)) return;
                throw new CliException("error from daemon in stream: " + Encoding.UTF8.GetString(message));
            }
            int remaining = size;
            while (remaining > 0)
            {
                int n = read(buffer.AsSpan(0, Math.Min(buffer.Length, remaining)));
                if (n <= 0) return;
                target?.Write(buffer, 0, n);
                remaining -= n;
            }
            target?.Flush();
            afterWrite?.Invoke();
        }
    }

    private static bool ReadFull(ReadFunc read, byte[] buffer)
    {
        int off = 0;
        while (off < buffer.Length)
        {
            int n = read(buffer.AsSpan(off));
            if (n <= 0)
            {
                if (off == 0) return false;
                throw new CliException("unexpected EOF");
            }
            off += n;
        }
        return true;
    }
}
