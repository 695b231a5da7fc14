using System.Net;

namespace Berth.Linux.Netlink;

/// <summary>An address assigned to an interface.</summary>
public sealed record AddressInfo(int LinkIndex, IPAddress Address, int PrefixLength);
