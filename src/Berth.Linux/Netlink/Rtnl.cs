using System.Runtime.InteropServices;

namespace Berth.Linux.Netlink;

/// <summary>rtnetlink message types, structs and attribute numbers (linux/rtnetlink.h, if_link.h, if_addr.h).</summary>
internal static class Rtnl
{
    public const ushort RTM_NEWLINK = 16, RTM_DELLINK = 17, RTM_GETLINK = 18, RTM_SETLINK = 19,
        RTM_NEWADDR = 20, RTM_DELADDR = 21, RTM_GETADDR = 22,
        RTM_NEWROUTE = 24, RTM_DELROUTE = 25, RTM_GETROUTE = 26,
        RTM_NEWNEIGH = 28, RTM_DELNEIGH = 29;

    public const ushort IFLA_ADDRESS = 1, IFLA_BROADCAST = 2, IFLA_IFNAME = 3, IFLA_MTU = 4, IFLA_LINK = 5,
        IFLA_MASTER = 10, IFLA_OPERSTATE = 16, IFLA_LINKINFO = 18, IFLA_NET_NS_PID = 19, IFLA_IFALIAS = 20,
        IFLA_NET_NS_FD = 28;
    public const ushort IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2;
    public const ushort VETH_INFO_PEER = 1;

    public const uint IFF_UP = 0x1, IFF_LOOPBACK = 0x8, IFF_RUNNING = 0x40, IFF_LOWER_UP = 0x10000;

    public const ushort IFA_ADDRESS = 1, IFA_LOCAL = 2, IFA_LABEL = 3, IFA_BROADCAST = 4, IFA_FLAGS = 8;
    public const uint IFA_F_NODAD = 0x02, IFA_F_PERMANENT = 0x80;

    public const ushort RTA_DST = 1, RTA_SRC = 2, RTA_IIF = 3, RTA_OIF = 4, RTA_GATEWAY = 5, RTA_PRIORITY = 6,
        RTA_PREFSRC = 7, RTA_TABLE = 15;
    public const byte RT_TABLE_MAIN = 254, RTPROT_KERNEL = 2, RTPROT_BOOT = 3, RTPROT_STATIC = 4,
        RT_SCOPE_UNIVERSE = 0, RT_SCOPE_LINK = 253, RT_SCOPE_HOST = 254, RT_SCOPE_NOWHERE = 255, RTN_UNICAST = 1, RTN_LOCAL = 2;

    [StructLayout(LayoutKind.Sequential)]
    public struct IfInfoMsg
    {
        public byte Family;
        public byte Pad;
        public ushort Type;
        public int Index;
        public uint Flags;
        public uint Change;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct IfAddrMsg
    {
        public byte Family;
        public byte PrefixLen;
        public byte Flags;
        public byte Scope;
        public int Index;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct RtMsg
    {
        public byte Family;
        public byte DstLen;
        public byte SrcLen;
        public byte Tos;
        public byte Table;
        public byte Protocol;
        public byte Scope;
        public byte Type;
        public uint Flags;
    }
}
