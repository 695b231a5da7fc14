using System.Buffers.Binary;
using System.Net.Sockets;

namespace Berth.Network.Dns;

/// <summary>DNS over TCP framing: a two-byte length before each message (RFC 1035 4.2.2).</summary>
internal static class DnsTcp
{
    public static async Task<byte[]?> ReadMessageAsync(Socket socket, CancellationToken ct)
    {
        byte[] head = new byte[2];
        if (!await ReadExactlyAsync(socket, head, ct)) return null;
        int len = BinaryPrimitives.ReadUInt16BigEndian(head);
        byte[] body = new byte[len];
        return await ReadExactlyAsync(socket, body, ct) ? body : null;
    }

    public static async Task WriteMessageAsync(Socket socket, byte[] message, CancellationToken ct)
    {
        byte[] framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        int sent = 0;
        while (sent < framed.Length) sent += await socket.SendAsync(framed.AsMemory(sent), SocketFlags.None, ct);
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken ct)
    {
        int got = 0;
        while (got < buffer.Length)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, ct);
            if (n == 0) return false;
            got += n;
        }
        return true;
    }
}
