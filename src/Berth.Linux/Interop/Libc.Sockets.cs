using System.Runtime.InteropServices;

namespace Berth.Linux.Interop;

/// <summary>BSD socket calls, for the socket families .NET's <c>Socket</c> does not serve (netlink).</summary>
internal static unsafe partial class Libc
{
    public const int AF_UNSPEC = 0, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16;
    public const int SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1, SO_SNDBUF = 7, SO_RCVBUF = 8, SO_RCVBUFFORCE = 33;
    public const int MSG_PEEK = 2, MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40;
    public const int IPPROTO_IPV6 = 41, IPV6_V6ONLY = 26;

    /// <summary>struct sockaddr_in6 (28 bytes); also large enough to hold a sockaddr_in.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 28)]
    public struct SockaddrStorage
    {
        public ushort Family;
    }

    [LibraryImport(Name, SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int bind(int fd, void* addr, int addrlen);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int getsockname(int fd, void* addr, int* addrlen);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int setsockopt(int fd, int level, int name, void* value, int len);

    [LibraryImport(Name, SetLastError = true)]
    public static partial nint sendto(int fd, byte* buf, nint len, int flags, void* addr, int addrlen);

    [LibraryImport(Name, SetLastError = true)]
    public static partial nint recvfrom(int fd, byte* buf, nint len, int flags, void* addr, int* addrlen);
}
