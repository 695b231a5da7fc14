namespace Berth.Linux.Netlink;

/// <summary>struct nlmsghdr layout and the generic netlink constants (linux/netlink.h).</summary>
internal static class NetlinkHeader
{
    public const int Size = 16;

    public const ushort NLM_F_REQUEST = 0x1, NLM_F_MULTI = 0x2, NLM_F_ACK = 0x4, NLM_F_ECHO = 0x8,
        NLM_F_ROOT = 0x100, NLM_F_MATCH = 0x200, NLM_F_DUMP = 0x300,
        NLM_F_REPLACE = 0x100, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400, NLM_F_APPEND = 0x800,
        NLM_F_CAPPED = 0x100, NLM_F_ACK_TLVS = 0x200;

    public const ushort NLMSG_NOOP = 1, NLMSG_ERROR = 2, NLMSG_DONE = 3;
    public const ushort NLA_F_NESTED = 0x8000, NLA_TYPE_MASK = 0x3fff;
    public const ushort NLMSGERR_ATTR_MSG = 1;

    public static int Align(int n) => (n + 3) & ~3;
}
