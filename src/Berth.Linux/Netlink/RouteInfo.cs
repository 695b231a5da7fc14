using System.Net;

namespace Berth.Linux.Netlink;

/// <summary>A route of the main table (or another) as rtnetlink reports it.</summary>
public sealed record RouteInfo(IPNetwork Destination, IPAddress? Gateway, int OutputIndex, int Table, int Protocol,
    int Scope, int Type);
