using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Sockets;

/// <summary>
/// A socket bound to a port and nothing else (no listen, no SO_REUSEADDR), to hold the port: no other socket can
/// bind it while this one lives. .NET's <c>Socket</c> cannot do this on Linux: its Bind always sets SO_REUSEADDR,
/// and two such sockets may share a port until one listens.
/// </summary>
public sealed unsafe class PortPlaceholder : IDisposable
{
    private readonly SafeFd _fd;

    public IPEndPoint EndPoint { get; }

    private PortPlaceholder(SafeFd fd, IPEndPoint endPoint)
    {
        _fd = fd;
        EndPoint = endPoint;
    }

    /// <summary>Binds <paramref name="address"/>:<paramref name="port"/> (0 for a kernel-chosen ephemeral port); 0 or the errno.</summary>
    public static int TryBind(IPAddress address, int port, bool udp, out PortPlaceholder? placeholder)
    {
        placeholder = null;
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        int raw = Libc.socket(v6 ? Libc.AF_INET6 : Libc.AF_INET, (udp ? Libc.SOCK_DGRAM : Libc.SOCK_STREAM) | Libc.SOCK_CLOEXEC, 0);
        if (raw < 0) return Marshal.GetLastPInvokeError();
        var fd = new SafeFd(raw);
        if (v6)
        {
            int one = 1;
            Libc.setsockopt(raw, Libc.IPPROTO_IPV6, Libc.IPV6_V6ONLY, &one, sizeof(int));
        }
        var sa = new Libc.SockaddrStorage();
        byte* p = (byte*)&sa;
        int len = Encode(address, port, p);
        if (Libc.bind(raw, p, len) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            fd.Dispose();
            return errno;
        }
        int got = sizeof(Libc.SockaddrStorage);
        if (Libc.getsockname(raw, p, &got) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            fd.Dispose();
            return errno;
        }
        int bound = BinaryPrimitives.ReadUInt16BigEndian(new ReadOnlySpan<byte>(p + 2, 2));
        placeholder = new PortPlaceholder(fd, new IPEndPoint(address, bound));
        return 0;
    }

    private static int Encode(IPAddress address, int port, byte* p)
    {
        new Span<byte>(p, 28).Clear();
        var span = new Span<byte>(p, 28);
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)(v6 ? Libc.AF_INET6 : Libc.AF_INET));
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)port);
        if (v6)
        {
            address.GetAddressBytes().CopyTo(span[8..]);
            BinaryPrimitives.WriteUInt32LittleEndian(span[24..], (uint)address.ScopeId);
            return 28;
        }
        address.GetAddressBytes().CopyTo(span[4..]);
        return 16;
    }

    public void Dispose() => _fd.Dispose();
}
