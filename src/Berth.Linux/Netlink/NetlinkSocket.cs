using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Netlink;

/// <summary>
/// A netlink socket speaking request/acknowledge and dumps. It is bound to the network namespace of the thread that
/// opened it, for its whole life, whichever thread uses it later. Requests are serialised.
/// </summary>
internal sealed unsafe class NetlinkSocket : IDisposable
{
    private readonly SafeFd _fd;
    private readonly Lock _lock = new();
    private readonly byte[] _receive = new byte[64 * 1024];
    private uint _seq;

    private NetlinkSocket(SafeFd fd) => _fd = fd;

    public static NetlinkSocket Open(int protocol)
    {
        int raw = Libc.socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, protocol);
        if (raw < 0) throw SyscallException.FromLastError("socket(AF_NETLINK)");
        var fd = new SafeFd(raw);
        try
        {
            int one = 1;
            // Extended acks carry the kernel's own words for a refusal; capped acks keep error replies short.
            Libc.setsockopt(raw, Libc.SOL_NETLINK, Libc.NETLINK_EXT_ACK, &one, sizeof(int));
            Libc.setsockopt(raw, Libc.SOL_NETLINK, Libc.NETLINK_CAP_ACK, &one, sizeof(int));
            var addr = new Libc.SockaddrNl { Family = Libc.AF_NETLINK };
            if (Libc.bind(raw, &addr, sizeof(Libc.SockaddrNl)) != 0) throw SyscallException.FromLastError("bind(AF_NETLINK)");
            return new NetlinkSocket(fd);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Sends a request that wants an acknowledgement; 0 or the errno, with the kernel's message if any.</summary>
    public int TryRequest(NetlinkMessageWriter message, out string? detail)
    {
        lock (_lock)
        {
            uint seq = Send(message);
            int errno = 0;
            string? text = null;
            ReceiveUntil(seq, (type, body) =>
            {
                if (type != NetlinkHeader.NLMSG_ERROR) return false;
                errno = ParseError(body, out text);
                return true;
            });
            detail = text;
            return errno;
        }
    }

    /// <summary>Sends a request and throws <see cref="SyscallException"/> naming <paramref name="call"/> and <paramref name="subject"/> on refusal.</summary>
    public void Request(NetlinkMessageWriter message, string call, string? subject)
    {
        int errno = TryRequest(message, out string? detail);
        if (errno != 0) throw new SyscallException(errno, call, Describe(subject, detail));
    }

    /// <summary>Sends a dump request and returns every reply message as (type, body without the header).</summary>
    public List<(ushort Type, byte[] Body)> Dump(NetlinkMessageWriter message, string call)
    {
        lock (_lock)
        {
            uint seq = Send(message);
            var replies = new List<(ushort, byte[])>();
            int errno = 0;
            string? detail = null;
            ReceiveUntil(seq, (type, body) =>
            {
                if (type == NetlinkHeader.NLMSG_DONE)
                {
                    if (body.Length >= 4) errno = -BinaryPrimitives.ReadInt32LittleEndian(body);
                    return true;
                }
                if (type == NetlinkHeader.NLMSG_ERROR)
                {
                    errno = ParseError(body, out detail);
                    return true;
                }
                replies.Add((type, body.ToArray()));
                return false;
            });
            if (errno != 0) throw new SyscallException(errno, call, detail);
            return replies;
        }
    }

    private static string? Describe(string? subject, string? detail) =>
        detail is null ? subject : subject is null ? detail : $"{subject} ({detail})";

    private uint Send(NetlinkMessageWriter message)
    {
        uint seq = ++_seq;
        var bytes = message.Finish(seq);
        var kernel = new Libc.SockaddrNl { Family = Libc.AF_NETLINK };
        fixed (byte* p = bytes)
        {
            while (true)
            {
                nint n = Libc.sendto(_fd.Fd, p, bytes.Length, 0, &kernel, sizeof(Libc.SockaddrNl));
                if (n >= 0) break;
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errnos.EINTR) throw new SyscallException(errno, "sendto(AF_NETLINK)");
            }
        }
        return seq;
    }

    private delegate bool MessageHandler(ushort type, ReadOnlySpan<byte> body);

    /// <summary>Reads replies to <paramref name="seq"/> until the handler says the exchange is complete.</summary>
    private void ReceiveUntil(uint seq, MessageHandler handler)
    {
        while (true)
        {
            int n;
            fixed (byte* p = _receive)
            {
                nint r = Libc.recvfrom(_fd.Fd, p, _receive.Length, 0, null, null);
                if (r < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Errnos.EINTR) continue;
                    throw new SyscallException(errno, "recvfrom(AF_NETLINK)");
                }
                n = (int)r;
            }
            var data = _receive.AsSpan(0, n);
            while (data.Length >= NetlinkHeader.Size)
            {
                int len = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
                ushort type = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
                uint msgSeq = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
                if (len < NetlinkHeader.Size || len > data.Length) break;
                if (msgSeq == seq && type != NetlinkHeader.NLMSG_NOOP && handler(type, data[NetlinkHeader.Size..len])) return;
                int next = NetlinkHeader.Align(len);
                data = next >= data.Length ? Span<byte>.Empty : data[next..];
            }
        }
    }

    /// <summary>struct nlmsgerr: a negative errno, the (capped) request header, then extended-ack attributes.</summary>
    private static int ParseError(ReadOnlySpan<byte> body, out string? detail)
    {
        detail = null;
        if (body.Length < 4) return Errnos.EIO;
        int errno = -BinaryPrimitives.ReadInt32LittleEndian(body);
        // With NETLINK_CAP_ACK only the request's header is echoed, so the attributes start after 4 + 16 bytes.
        if (body.Length > 4 + NetlinkHeader.Size)
        {
            var attrs = new NetlinkAttributes(body[(4 + NetlinkHeader.Size)..]);
            if (attrs.TryGet(NetlinkHeader.NLMSGERR_ATTR_MSG, out var msg)) detail = NetlinkAttributes.ReadString(msg);
        }
        return errno;
    }

    public void Dispose() => _fd.Dispose();
}
