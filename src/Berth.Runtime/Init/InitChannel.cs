using System.Buffers.Binary;
using Berth.Linux;

namespace Berth.Runtime.Init;

/// <summary>
/// Length-prefixed messages over the stream socket pair between the runtime and its init:
/// [u32 little-endian length of type+payload][u8 type][payload].
/// </summary>
internal sealed class InitChannel : IDisposable
{
    private const int MaxMessage = 64 << 20;
    public SafeFd Socket { get; }

    public InitChannel(SafeFd socket) => Socket = socket;

    public void Send(InitMessage type, ReadOnlySpan<byte> payload)
    {
        byte[] frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)(payload.Length + 1));
        frame[4] = (byte)type;
        payload.CopyTo(frame.AsSpan(5));
        FileDescriptors.WriteAll(Socket, frame);
    }

    public void Send(InitMessage type) => Send(type, ReadOnlySpan<byte>.Empty);

    public void SendError(string message) => Send(InitMessage.Error, System.Text.Encoding.UTF8.GetBytes(message));

    /// <summary>The next message; null at end of stream (the peer closed it or exec'd).</summary>
    public (InitMessage Type, byte[] Payload)? Receive()
    {
        Span<byte> head = stackalloc byte[5];
        if (!ReadExactly(head)) return null;
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(head);
        if (length == 0 || length > MaxMessage) throw new InvalidDataException("init channel: bad message length");
        var payload = new byte[length - 1];
        if (!ReadExactly(payload)) throw new InvalidDataException("init channel: truncated message");
        return ((InitMessage)head[4], payload);
    }

    /// <summary>Receives a message of the expected type; an Error message or the end of the stream throws.</summary>
    public byte[] Expect(InitMessage type)
    {
        var m = Receive() ?? throw new EndOfStreamException("init channel closed");
        if (m.Type == InitMessage.Error) throw new RuntimeException(RuntimeErrorKind.Internal, System.Text.Encoding.UTF8.GetString(m.Payload));
        if (m.Type != type) throw new InvalidDataException($"init channel: expected {type}, got {m.Type}");
        return m.Payload;
    }

    private bool ReadExactly(Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n;
            try { n = FileDescriptors.Read(Socket, buffer[done..]); }
            catch (SyscallException e) when (e.Errno == Errnos.ECONNRESET) { n = 0; }
            if (n == 0)
            {
                if (done == 0) return false;
                throw new EndOfStreamException("init channel: truncated message");
            }
            done += n;
        }
        return true;
    }

    public void Dispose() => Socket.Dispose();
}
