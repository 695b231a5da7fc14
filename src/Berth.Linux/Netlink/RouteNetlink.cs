using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Berth.Linux.Interop;
using static Berth.Linux.Netlink.NetlinkHeader;
using static Berth.Linux.Netlink.Rtnl;

namespace Berth.Linux.Netlink;

/// <summary>
/// rtnetlink from C#: links (bridge, veth), addresses and routes. An instance works on the network namespace it was
/// opened in (see <c>NetworkNamespace.OpenRouteNetlink</c> for another one), from any thread.
/// </summary>
public sealed class RouteNetlink : IDisposable
{
    private readonly NetlinkSocket _socket;

    private RouteNetlink(NetlinkSocket socket) => _socket = socket;

    /// <summary>Opens rtnetlink in the calling thread's network namespace.</summary>
    public static RouteNetlink Open() => new(NetlinkSocket.Open(Libc.NETLINK_ROUTE));

    // ---- links ----

    public IReadOnlyList<LinkInfo> ListLinks()
    {
        var msg = new NetlinkMessageWriter(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP);
        msg.WriteStruct(new IfInfoMsg());
        var links = new List<LinkInfo>();
        foreach (var (type, body) in _socket.Dump(msg, "RTM_GETLINK"))
        {
            if (type == RTM_NEWLINK) links.Add(ParseLink(body));
        }
        return links;
    }

    public LinkInfo? FindLink(string name)
    {
        var msg = new NetlinkMessageWriter(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK);
        msg.WriteStruct(new IfInfoMsg());
        msg.AttributeString(IFLA_IFNAME, name);
        try
        {
            var replies = _socket.Dump(msg, "RTM_GETLINK");
            foreach (var (type, body) in replies)
            {
                if (type == RTM_NEWLINK) return ParseLink(body);
            }
            return null;
        }
        catch (SyscallException e) when (e.Errno == Errnos.ENODEV)
        {
            return null;
        }
    }

    public LinkInfo GetLink(string name) =>
        FindLink(name) ?? throw new SyscallException(Errnos.ENODEV, "RTM_GETLINK", name);

    /// <summary>Creates a bridge (down); returns its index.</summary>
    public int CreateBridge(string name, int mtu = 0, byte[]? macAddress = null)
    {
        var msg = new NetlinkMessageWriter(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
        msg.WriteStruct(new IfInfoMsg());
        msg.AttributeString(IFLA_IFNAME, name);
        if (mtu > 0) msg.AttributeU32(IFLA_MTU, (uint)mtu);
        if (macAddress is not null) msg.Attribute(IFLA_ADDRESS, macAddress);
        int info = msg.BeginNested(IFLA_LINKINFO);
        msg.AttributeString(IFLA_INFO_KIND, "bridge");
        msg.EndNested(info);
        _socket.Request(msg, "RTM_NEWLINK", name);
        return GetLink(name).Index;
    }

    /// <summary>Creates a veth pair in one request; the peer may land directly in another namespace. Returns the host end's index.</summary>
    public int CreateVethPair(VethPairRequest request)
    {
        var msg = new NetlinkMessageWriter(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
        msg.WriteStruct(new IfInfoMsg { Flags = request.Up ? IFF_UP : 0, Change = request.Up ? IFF_UP : 0 });
        msg.AttributeString(IFLA_IFNAME, request.Name);
        if (request.Mtu > 0) msg.AttributeU32(IFLA_MTU, (uint)request.Mtu);
        if (request.MacAddress is not null) msg.Attribute(IFLA_ADDRESS, request.MacAddress);
        if (request.MasterIndex > 0) msg.AttributeU32(IFLA_MASTER, (uint)request.MasterIndex);
        int info = msg.BeginNested(IFLA_LINKINFO);
        msg.AttributeString(IFLA_INFO_KIND, "veth");
        int data = msg.BeginNested(IFLA_INFO_DATA);
        int peer = msg.BeginNested(VETH_INFO_PEER, flagNested: false);
        // The peer is never brought up here: veth_open of the peer runs before the pair is linked and fails
        // with ENOTCONN. Bring it up afterwards, where it lives.
        msg.WriteStruct(new IfInfoMsg());
        msg.AttributeString(IFLA_IFNAME, request.PeerName);
        if (request.Mtu > 0) msg.AttributeU32(IFLA_MTU, (uint)request.Mtu);
        if (request.PeerMacAddress is not null) msg.Attribute(IFLA_ADDRESS, request.PeerMacAddress);
        if (request.PeerNamespace is not null) msg.AttributeU32(IFLA_NET_NS_FD, (uint)request.PeerNamespace.Fd);
        msg.EndNested(peer);
        msg.EndNested(data);
        msg.EndNested(info);
        _socket.Request(msg, "RTM_NEWLINK", request.Name);
        return GetLink(request.Name).Index;
    }

    public void SetUp(int index, bool up = true) =>
        SetLink(index, up ? IFF_UP : 0, IFF_UP, null, "set up");

    public void SetMtu(int index, int mtu) => SetLink(index, 0, 0, m => m.AttributeU32(IFLA_MTU, (uint)mtu), "set mtu");

    /// <summary>Attaches a link to a bridge; 0 detaches it.</summary>
    public void SetMaster(int index, int masterIndex) =>
        SetLink(index, 0, 0, m => m.AttributeU32(IFLA_MASTER, (uint)masterIndex), "set master");

    public void SetMacAddress(int index, byte[] mac) => SetLink(index, 0, 0, m => m.Attribute(IFLA_ADDRESS, mac), "set address");

    /// <summary>A free-text label on the link (ifalias), used to recognise what Berth created.</summary>
    public void SetAlias(int index, string alias) =>
        SetLink(index, 0, 0, m => m.AttributeString(IFLA_IFALIAS, alias), "set alias");

    public void Rename(int index, string name) =>
        SetLink(index, 0, 0, m => m.AttributeString(IFLA_IFNAME, name), "rename");

    /// <summary>Moves a link into the network namespace of an open namespace file.</summary>
    public void MoveToNamespace(int index, SafeFd netns) =>
        SetLink(index, 0, 0, m => m.AttributeU32(IFLA_NET_NS_FD, (uint)netns.Fd), "move to netns");

    public void DeleteLink(int index)
    {
        int errno = TryDeleteLink(index, out string? detail);
        if (errno != 0) throw new SyscallException(errno, "RTM_DELLINK", detail ?? $"link {index}");
    }

    /// <summary>Deletes a link by name; false when it does not exist.</summary>
    public bool DeleteLink(string name)
    {
        var link = FindLink(name);
        if (link is null) return false;
        int errno = TryDeleteLink(link.Index, out string? detail);
        if (errno == Errnos.ENODEV) return false;
        if (errno != 0) throw new SyscallException(errno, "RTM_DELLINK", detail is null ? name : $"{name} ({detail})");
        return true;
    }

    public int TryDeleteLink(int index, out string? detail)
    {
        var msg = new NetlinkMessageWriter(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK);
        msg.WriteStruct(new IfInfoMsg { Index = index });
        return _socket.TryRequest(msg, out detail);
    }

    private void SetLink(int index, uint flags, uint change, Action<NetlinkMessageWriter>? attributes, string what)
    {
        var msg = new NetlinkMessageWriter(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
        msg.WriteStruct(new IfInfoMsg { Index = index, Flags = flags, Change = change });
        attributes?.Invoke(msg);
        _socket.Request(msg, "RTM_NEWLINK", $"link {index} {what}");
    }

    private static LinkInfo ParseLink(byte[] body)
    {
        var header = MemoryMarshal.Read<IfInfoMsg>(body);
        string name = "";
        string? kind = null, alias = null;
        int mtu = 0, master = 0;
        byte[]? mac = null;
        foreach (var (type, payload) in new NetlinkAttributes(body.AsSpan(16)))
        {
            switch (type)
            {
                case IFLA_IFNAME: name = NetlinkAttributes.ReadString(payload); break;
                case IFLA_MTU: mtu = (int)NetlinkAttributes.ReadU32(payload); break;
                case IFLA_MASTER: master = (int)NetlinkAttributes.ReadU32(payload); break;
                case IFLA_ADDRESS: mac = payload.ToArray(); break;
                case IFLA_IFALIAS: alias = NetlinkAttributes.ReadString(payload); break;
                case IFLA_LINKINFO:
                    if (new NetlinkAttributes(payload).TryGet(IFLA_INFO_KIND, out var k)) kind = NetlinkAttributes.ReadString(k);
                    break;
            }
        }
        return new LinkInfo(header.Index, name, kind, mtu, mac, master, header.Flags, alias);
    }

    // ---- addresses ----

    /// <summary>Adds an address; IPv6 ones skip duplicate address detection, so they are usable at once.</summary>
    public void AddAddress(int index, IPAddress address, int prefixLength)
    {
        int errno = TryAddAddress(index, address, prefixLength, out string? detail);
        if (errno != 0)
            throw new SyscallException(errno, "RTM_NEWADDR", $"{address}/{prefixLength} on link {index}" + (detail is null ? "" : $" ({detail})"));
    }

    public int TryAddAddress(int index, IPAddress address, int prefixLength, out string? detail)
    {
        var msg = AddressMessage(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, index, address, prefixLength);
        return _socket.TryRequest(msg, out detail);
    }

    public bool DeleteAddress(int index, IPAddress address, int prefixLength)
    {
        var msg = AddressMessage(RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, index, address, prefixLength);
        int errno = _socket.TryRequest(msg, out string? detail);
        if (errno == Errnos.EADDRNOTAVAIL || errno == Errnos.ENODEV) return false;
        if (errno != 0) throw new SyscallException(errno, "RTM_DELADDR", $"{address}/{prefixLength}" + (detail is null ? "" : $" ({detail})"));
        return true;
    }

    private static NetlinkMessageWriter AddressMessage(ushort type, ushort flags, int index, IPAddress address, int prefixLength)
    {
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var msg = new NetlinkMessageWriter(type, flags);
        msg.WriteStruct(new IfAddrMsg
        {
            Family = (byte)(v6 ? Libc.AF_INET6 : Libc.AF_INET),
            PrefixLen = (byte)prefixLength,
            Flags = v6 ? (byte)IFA_F_NODAD : (byte)0,
            Scope = RT_SCOPE_UNIVERSE,
            Index = index,
        });
        byte[] bytes = address.GetAddressBytes();
        msg.Attribute(IFA_LOCAL, bytes);
        msg.Attribute(IFA_ADDRESS, bytes);
        if (!v6 && prefixLength < 31) msg.Attribute(IFA_BROADCAST, Broadcast(bytes, prefixLength));
        if (v6) msg.AttributeU32(IFA_FLAGS, IFA_F_NODAD);
        return msg;
    }

    private static byte[] Broadcast(byte[] address, int prefixLength)
    {
        uint a = (uint)(address[0] << 24 | address[1] << 16 | address[2] << 8 | address[3]);
        uint mask = prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength);
        uint b = a | ~mask;
        return [(byte)(b >> 24), (byte)(b >> 16), (byte)(b >> 8), (byte)b];
    }

    public IReadOnlyList<AddressInfo> ListAddresses(AddressFamily family = AddressFamily.Unspecified)
    {
        var msg = new NetlinkMessageWriter(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP);
        msg.WriteStruct(new IfAddrMsg { Family = (byte)ToAf(family) });
        var list = new List<AddressInfo>();
        foreach (var (type, body) in _socket.Dump(msg, "RTM_GETADDR"))
        {
            if (type != RTM_NEWADDR) continue;
            var header = MemoryMarshal.Read<IfAddrMsg>(body);
            var attrs = new NetlinkAttributes(body.AsSpan(8));
            if (!attrs.TryGet(IFA_LOCAL, out var raw) && !attrs.TryGet(IFA_ADDRESS, out raw)) continue;
            list.Add(new AddressInfo(header.Index, new IPAddress(raw), header.PrefixLen));
        }
        return list;
    }

    // ---- routes ----

    /// <summary>Adds (or with <paramref name="replace"/>, replaces) a route in the main table.</summary>
    public void AddRoute(IPNetwork destination, IPAddress? gateway, int outputIndex, bool replace = false)
    {
        var msg = RouteMessage(RTM_NEWROUTE, (ushort)(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | (replace ? NLM_F_REPLACE : NLM_F_EXCL)),
            destination, gateway, outputIndex);
        _socket.Request(msg, "RTM_NEWROUTE", $"{destination}" + (gateway is null ? "" : $" via {gateway}"));
    }

    public bool DeleteRoute(IPNetwork destination, IPAddress? gateway, int outputIndex)
    {
        var msg = RouteMessage(RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK, destination, gateway, outputIndex, forDelete: true);
        int errno = _socket.TryRequest(msg, out string? detail);
        if (errno is Errnos.ESRCH or Errnos.ENOENT or Errnos.ENODEV) return false;
        if (errno != 0) throw new SyscallException(errno, "RTM_DELROUTE", $"{destination}" + (detail is null ? "" : $" ({detail})"));
        return true;
    }

    private static NetlinkMessageWriter RouteMessage(ushort type, ushort flags, IPNetwork destination, IPAddress? gateway, int outputIndex,
        bool forDelete = false)
    {
        bool v6 = destination.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6;
        var msg = new NetlinkMessageWriter(type, flags);
        msg.WriteStruct(new RtMsg
        {
            Family = (byte)(v6 ? Libc.AF_INET6 : Libc.AF_INET),
            DstLen = (byte)destination.PrefixLength,
            Table = RT_TABLE_MAIN,
            // A delete matches any protocol, scope and type unless told (as ip route del does).
            Protocol = forDelete ? (byte)0 : RTPROT_BOOT,
            Scope = forDelete ? RT_SCOPE_NOWHERE : gateway is null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE,
            Type = forDelete ? (byte)0 : RTN_UNICAST,
        });
        if (destination.PrefixLength > 0) msg.Attribute(RTA_DST, destination.BaseAddress.GetAddressBytes());
        if (gateway is not null) msg.Attribute(RTA_GATEWAY, gateway.GetAddressBytes());
        if (outputIndex > 0) msg.AttributeU32(RTA_OIF, (uint)outputIndex);
        return msg;
    }

    public IReadOnlyList<RouteInfo> ListRoutes(AddressFamily family)
    {
        var msg = new NetlinkMessageWriter(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP);
        msg.WriteStruct(new RtMsg { Family = (byte)ToAf(family) });
        var list = new List<RouteInfo>();
        foreach (var (type, body) in _socket.Dump(msg, "RTM_GETROUTE"))
        {
            if (type != RTM_NEWROUTE) continue;
            var header = MemoryMarshal.Read<RtMsg>(body);
            bool v6 = header.Family == Libc.AF_INET6;
            IPAddress? dst = null, gw = null;
            int oif = 0, table = header.Table;
            foreach (var (t, p) in new NetlinkAttributes(body.AsSpan(12)))
            {
                switch (t)
                {
                    case RTA_DST: dst = new IPAddress(p); break;
                    case RTA_GATEWAY: gw = new IPAddress(p); break;
                    case RTA_OIF: oif = (int)NetlinkAttributes.ReadU32(p); break;
                    case RTA_TABLE: table = (int)NetlinkAttributes.ReadU32(p); break;
                }
            }
            dst ??= v6 ? IPAddress.IPv6Any : IPAddress.Any;
            list.Add(new RouteInfo(new IPNetwork(dst, header.DstLen), gw, oif, table, header.Protocol, header.Scope, header.Type));
        }
        return list;
    }

    private static int ToAf(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => Libc.AF_INET,
        AddressFamily.InterNetworkV6 => Libc.AF_INET6,
        _ => Libc.AF_UNSPEC,
    };

    public void Dispose() => _socket.Dispose();
}
