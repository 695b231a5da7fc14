using System.Runtime.InteropServices;

namespace Berth.Linux.Interop;

/// <summary>
/// BSD socket calls: unix sockets with descriptor passing (SCM_RIGHTS), and the families .NET's <c>Socket</c> does
/// not serve (netlink).
/// </summary>
internal static unsafe partial class Libc
{
    public const int AF_UNSPEC = 0, AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16;
    public const int SOCK_STREAM = 1, SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_SEQPACKET = 5, SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1, SO_SNDBUF = 7, SO_RCVBUF = 8, SO_RCVBUFFORCE = 33, SCM_RIGHTS = 1;
    public const int MSG_PEEK = 2, MSG_TRUNC = 0x20, MSG_DONTWAIT = 0x40, MSG_NOSIGNAL = 0x4000, MSG_CMSG_CLOEXEC = 0x40000000;
    public const int SHUT_WR = 1;
    public const int IPPROTO_IPV6 = 41, IPV6_V6ONLY = 26;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CmsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    /// <summary>struct sockaddr_in6 (28 bytes); also large enough to hold a sockaddr_in.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 28)]
    public struct SockaddrStorage
    {
        public ushort Family;
    }

    [LibraryImport(Name, SetLastError = true)]
    public static partial int socketpair(int domain, int type, int protocol, int* fds);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int connect(int fd, void* address, uint length);

    [LibraryImport(Name, SetLastError = true)]
    public static partial nint sendmsg(int fd, MsgHdr* message, int flags);

    [LibraryImport(Name, SetLastError = true)]
    public static partial nint recvmsg(int fd, MsgHdr* message, int flags);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int shutdown(int fd, int how);

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
