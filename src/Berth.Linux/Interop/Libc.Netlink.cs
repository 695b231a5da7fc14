using System.Runtime.InteropServices;

namespace Berth.Linux.Interop;

/// <summary>Netlink socket constants (linux/netlink.h).</summary>
internal static partial class Libc
{
    public const int NETLINK_ROUTE = 0, NETLINK_NETFILTER = 12;
    public const int SOL_NETLINK = 270, NETLINK_CAP_ACK = 10, NETLINK_EXT_ACK = 11, NETLINK_GET_STRICT_CHK = 12;

    /// <summary>struct sockaddr_nl.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockaddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint Pid;
        public uint Groups;
    }
}
