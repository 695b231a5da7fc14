using System.Net;
using System.Net.Sockets;
using Berth.Linux;
using Berth.Linux.Namespaces;
using Berth.Linux.Netlink;
using Berth.Network.Dns;
using Berth.Network.Ipam;
using Berth.Network.Ports;
using Berth.Network.State;

namespace Berth.Network;

public sealed partial class NetworkManager
{
    /// <summary>The directory of pinned namespaces.</summary>
    public string NetnsDirectory => Path.Combine(_options.RunDir, "netns");

    /// <summary>
    /// Creates a container's network side before it starts: reserves its published host ports first (so a port in
    /// use fails before anything exists), then creates its network namespace pinned at
    /// <c>RUN/netns/CONTAINER</c> with <c>lo</c> up (unless <see cref="SandboxOptions.HostNetwork"/> or an existing
    /// <see cref="SandboxOptions.NetnsPath"/>). The runtime spec then joins <see cref="SandboxRecord.NetnsPath"/>.
    /// </summary>
    public SandboxRecord CreateSandbox(string containerId, SandboxOptions options)
    {
        lock (_gate)
        {
            if (_sandboxes.ContainsKey(containerId))
                throw NetworkException.Conflict($"network sandbox for container {containerId} already exists");
            var runtime = new SandboxRuntime(null!);
            try
            {
                var mappings = new List<PortMappingRecord>();
                if (!options.HostNetwork)
                {
                    foreach (var binding in options.PortBindings)
                    {
                        var reservation = PortReservation.Reserve(binding, _options.DefaultHostBindingIp);
                        runtime.Reservations.Add(reservation);
                        var m = reservation.Mapping;
                        mappings.Add(new PortMappingRecord(m.Protocol, m.HostIp.ToString(), m.HostPort, m.ContainerPort));
                    }
                }
                foreach (var h in options.ExtraHosts) Files.ExtraHost.Parse(h, "0.0.0.0");

                string path = "";
                bool owns = false;
                if (!options.HostNetwork)
                {
                    if (options.NetnsPath is { Length: > 0 } given)
                    {
                        path = given;
                        runtime.Netns = NetworkNamespace.Open(given);
                    }
                    else
                    {
                        Directory.CreateDirectory(NetnsDirectory);
                        path = Path.Combine(NetnsDirectory, containerId);
                        runtime.Netns = NetworkNamespace.Create(path);
                        owns = true;
                    }
                    var lo = runtime.Inside.GetLink("lo");
                    if (!lo.IsUp) runtime.Inside.SetUp(lo.Index);
                }
                runtime.Record = new SandboxRecord
                {
                    ContainerId = containerId,
                    ContainerName = options.ContainerName.TrimStart('/'),
                    NetnsPath = path,
                    OwnsNetns = owns,
                    HostNetwork = options.HostNetwork,
                    Hostname = options.Hostname ?? "",
                    Domainname = options.Domainname,
                    Dns = options.Dns,
                    DnsSearch = options.DnsSearch,
                    DnsOptions = options.DnsOptions,
                    ExtraHosts = options.ExtraHosts,
                    Links = options.Links,
                    FilesDirectory = options.FilesDirectory ?? "",
                    PortBindings = options.PortBindings.Select(b => new PortBindingRecord(b.Protocol, b.HostIp?.ToString(), b.HostPortStart, b.HostPortEnd, b.ContainerPort)).ToList(),
                    Ports = mappings,
                };
                _store.Save(runtime.Record);
                _sandboxes[containerId] = runtime;
                RebuildDns();
                WriteFilesIfWanted(runtime);
                return runtime.Record;
            }
            catch
            {
                _sandboxes.Remove(containerId);
                bool owned = runtime.Record?.OwnsNetns ?? runtime.Netns is not null && options.NetnsPath is not { Length: > 0 };
                string? path = runtime.Netns?.Path;
                runtime.Close();
                if (owned && path is not null) NetworkNamespace.Delete(path);
                try { _store.DeleteSandbox(containerId); } catch (IOException) { }
                throw;
            }
        }
    }

    /// <summary>
    /// Tears down a container's network side (on stop or removal): every endpoint's veth, its addresses (freed for
    /// reuse), its published ports and their rules, its DNS server, and the namespace if Berth created it.
    /// Missing pieces are skipped; a missing sandbox is not an error.
    /// </summary>
    public void DeleteSandbox(string containerId)
    {
        lock (_gate)
        {
            if (!_sandboxes.TryGetValue(containerId, out var runtime)) return;
            TearDown(runtime);
            _sandboxes.Remove(containerId);
            _store.DeleteSandbox(containerId);
            RebuildDns();
            if (runtime.Record.Ports.Count > 0) ApplyFirewall();
        }
    }

    private void TearDown(SandboxRuntime runtime)
    {
        var hostEnds = runtime.Record.Endpoints.Where(e => e.HostInterface.Length > 0).Select(e => e.HostInterface).ToList();
        bool ownsNetns = runtime.Record.OwnsNetns && runtime.Record.NetnsPath.Length > 0;
        // Deleting a veth waits for an RCU grace period (tens of ms), which would sit on the path of every
        // `docker run --rm`. When the namespace is ours and goes now, its veths are in no one's way any more
        // (addresses are already free, names are unique per endpoint): delete them off the caller's path.
        if (!ownsNetns) foreach (var name in hostEnds) _host.DeleteLink(name);
        runtime.Close();
        if (ownsNetns)
        {
            NetworkNamespace.Delete(runtime.Record.NetnsPath);
            if (hostEnds.Count > 0) _ = Task.Run(() => DeleteLinksQuietly(hostEnds));
        }
    }

    private void DeleteLinksQuietly(List<string> names)
    {
        try
        {
            using var netlink = RouteNetlink.Open();
            foreach (var name in names) netlink.DeleteLink(name);
        }
        catch (Exception e) when (e is SyscallException or IOException)
        {
            NetworkLog.LinkCleanupFailed(_log, string.Join(", ", names), e.Message);
        }
    }

    /// <summary>
    /// Attaches a container to a network, before or after it starts: on a bridge network, a veth pair whose peer is
    /// created inside the container's namespace as eth0 (eth1... for more networks), an address from the network's
    /// pool (or <see cref="EndpointOptions.IPv4Address"/>), and the default route when this network provides the
    /// gateway; then its names are served by the embedded DNS, its published ports follow it, and its /etc files
    /// are rewritten. On any failure nothing is left half configured.
    /// </summary>
    public EndpointRecord Connect(string containerId, string networkIdOrName, EndpointOptions? options = null)
    {
        options ??= new EndpointOptions();
        lock (_gate)
        {
            var runtime = RequireSandbox(containerId);
            var net = Require(networkIdOrName);
            var sb = runtime.Record;
            string displayName = sb.ContainerName.Length > 0 ? sb.ContainerName : Short(containerId);
            if (sb.Endpoints.Any(e => e.NetworkId == net.Id))
                throw NetworkException.Conflict($"endpoint with name {displayName} already exists in network {net.Name}");
            if (net.Driver == "host" && !sb.HostNetwork)
                throw NetworkException.Invalid($"container {displayName} has its own network namespace and cannot be connected to the host network");
            if (sb.HostNetwork && net.Driver != "host")
                throw NetworkException.Invalid($"container {displayName} shares the host's network namespace and cannot be connected to network {net.Name}");
            if (net.Driver == "null" && sb.Endpoints.Count > 0)
                throw NetworkException.Conflict($"container {displayName} cannot be connected to network none while it is connected to other networks");
            if (sb.Endpoints.Any(e => _networks.TryGetValue(e.NetworkId, out var n) && n.Driver == "null"))
                throw NetworkException.Conflict($"container {displayName} is connected to network none and cannot be connected to network {net.Name}");

            var endpoint = new EndpointRecord
            {
                Id = NewId(),
                NetworkId = net.Id,
                NetworkName = net.Name,
                Aliases = options.Aliases,
                GwPriority = options.GwPriority,
                Sequence = ++_sequence,
                DnsNames = net.HasDns ? DnsNamesOf(sb, options.Aliases) : [],
            };
            if (net.IsBridge) endpoint = AttachToBridge(runtime, net, endpoint, options);

            var updated = sb with { Endpoints = [.. sb.Endpoints, endpoint] };
            runtime.Record = updated;
            try
            {
                UpdateGateway(runtime);
                _store.Save(updated);
            }
            catch
            {
                runtime.Record = sb;
                if (endpoint.HostInterface.Length > 0) _host.DeleteLink(endpoint.HostInterface);
                try { UpdateGateway(runtime); } catch (Exception) { }
                throw;
            }
            endpoint = runtime.Record.Endpoints.First(e => e.Id == endpoint.Id);
            RebuildDns();
            EnsureResolver(runtime);
            if (runtime.Record.Ports.Count > 0) ApplyFirewall();
            WriteFilesIfWanted(runtime);
            NetworkLog.Connected(_log, Short(containerId), net.Name, endpoint.Interface, endpoint.IPv4Address ?? "");
            return endpoint;
        }
    }

    /// <summary>DNS names of an endpoint on a user-defined network: container name, aliases, short id, hostname.</summary>
    private static List<string> DnsNamesOf(SandboxRecord sb, IReadOnlyList<string> aliases)
    {
        var names = new List<string>();
        if (sb.ContainerName.Length > 0) names.Add(sb.ContainerName);
        names.AddRange(aliases.Where(a => a.Length > 0));
        names.Add(Short(sb.ContainerId));
        if (sb.Hostname.Length > 0) names.Add(sb.Hostname);
        return names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private EndpointRecord AttachToBridge(SandboxRuntime runtime, NetworkRecord net, EndpointRecord endpoint, EndpointOptions options)
    {
        // Addresses first: all checks before any kernel change.
        string? v4 = null, v6 = null;
        int v4Prefix = 0, v6Prefix = 0;
        string? gw4 = null, gw6 = null;
        foreach (var s in net.Subnets)
        {
            var plan = new SubnetPlan(IPNetwork.Parse(s.Subnet), IPAddress.Parse(s.Gateway), s.IpRange is null ? null : IPNetwork.Parse(s.IpRange), s.Configured);
            bool six = plan.Family == AddressFamily.InterNetworkV6;
            string? requested = six ? options.IPv6Address : options.IPv4Address;
            var address = Allocate(net, plan, requested);
            if (six) { v6 = address.ToString(); v6Prefix = plan.Subnet.PrefixLength; gw6 = net.Internal ? null : s.Gateway; }
            else { v4 = address.ToString(); v4Prefix = plan.Subnet.PrefixLength; gw4 = net.Internal ? null : s.Gateway; }
        }
        if (options.IPv6Address is not null && v6 is null)
            throw NetworkException.Invalid($"network {net.Name} has no ipv6 subnet for address {options.IPv6Address}");
        byte[] mac = options.MacAddress is { Length: > 0 } m ? ParseMac(m) : RandomMac();

        string ifname = NextInterfaceName(runtime.Record);
        var bridge = _host.FindLink(net.Bridge!) ?? throw new NetworkException(NetworkErrorKind.Internal, $"bridge {net.Bridge} of network {net.Name} is missing");
        string hostName = "";
        int hostIndex = 0;
        for (int attempt = 0; ; attempt++)
        {
            hostName = _options.VethNamePrefix + RandomHex(15 - _options.VethNamePrefix.Length);
            try
            {
                hostIndex = _host.CreateVethPair(new VethPairRequest
                {
                    Name = hostName, PeerName = ifname, Mtu = net.Mtu, MasterIndex = bridge.Index,
                    PeerMacAddress = mac, PeerNamespace = runtime.Netns!.Handle,
                });
                break;
            }
            catch (SyscallException e) when (e.Errno == Errnos.EEXIST && attempt < 3) { }
        }
        try
        {
            _host.SetAlias(hostIndex, $"{_options.Tag}:ep:{runtime.Record.ContainerId}:{Short(net.Id)}");
            var inside = runtime.Inside;
            var peer = inside.GetLink(ifname);
            if (v4 is not null) inside.AddAddress(peer.Index, IPAddress.Parse(v4), v4Prefix);
            if (v6 is not null)
            {
                runtime.Netns!.Run(() => { WriteInterfaceSysctl("ipv6", ifname, "disable_ipv6", "0"); return 0; });
                inside.AddAddress(peer.Index, IPAddress.Parse(v6), v6Prefix);
            }
            inside.SetUp(peer.Index);
        }
        catch
        {
            _host.DeleteLink(hostName);
            throw;
        }
        return endpoint with
        {
            Interface = ifname, HostInterface = hostName, MacAddress = FormatMac(mac),
            IPv4Address = v4, IPv4PrefixLength = v4Prefix, IPv4Gateway = gw4,
            IPv6Address = v6, IPv6PrefixLength = v6Prefix, IPv6Gateway = gw6,
            RequestedIPv4 = options.IPv4Address, RequestedIPv6 = options.IPv6Address,
        };
    }

    private IPAddress Allocate(NetworkRecord net, SubnetPlan plan, string? requested)
    {
        var used = new HashSet<UInt128>();
        foreach (var s in _sandboxes.Values)
        {
            foreach (var e in s.Record.Endpoints)
            {
                if (e.NetworkId != net.Id) continue;
                string? a = plan.Family == AddressFamily.InterNetworkV6 ? e.IPv6Address : e.IPv4Address;
                if (a is not null) used.Add(IpMath.ToNumber(IPAddress.Parse(a)));
            }
        }
        if (requested is { Length: > 0 })
        {
            if (!plan.Configured && !net.IsDefault)
                throw NetworkException.Invalid("user specified ip address is supported only when connecting to networks with user configured subnets");
            if (!IPAddress.TryParse(requested, out var address)) throw NetworkException.Invalid($"invalid ip address: {requested}");
            string? problem = AddressAllocator.CheckStatic(plan, address, used);
            if (problem is not null) throw NetworkException.Conflict($"cannot use {problem} on network {net.Name}");
            return address;
        }
        string key = net.Id + "/" + plan.Family;
        _lastAllocated.TryGetValue(key, out UInt128 after);
        var next = AddressAllocator.Next(plan, used, after)
            ?? throw new NetworkException(NetworkErrorKind.Unavailable, $"no available ip addresses on network {net.Name}");
        _lastAllocated[key] = IpMath.ToNumber(next);
        return next;
    }

    private static string NextInterfaceName(SandboxRecord sb)
    {
        var taken = sb.Endpoints.Select(e => e.Interface).ToHashSet();
        for (int i = 0; ; i++)
        {
            if (!taken.Contains("eth" + i)) return "eth" + i;
        }
    }

    /// <summary>
    /// Detaches a container from a network: deletes its veth pair (the container's ethN goes with it), frees its
    /// address, moves the default route to the next network if this one had it, and withdraws its DNS names.
    /// </summary>
    public void Disconnect(string containerId, string networkIdOrName)
    {
        lock (_gate)
        {
            var runtime = RequireSandbox(containerId);
            var net = Find(networkIdOrName);
            var sb = runtime.Record;
            var endpoint = sb.Endpoints.FirstOrDefault(e => net is not null ? e.NetworkId == net.Id : e.NetworkName == networkIdOrName || e.NetworkId == networkIdOrName);
            string displayName = sb.ContainerName.Length > 0 ? sb.ContainerName : Short(containerId);
            if (endpoint is null)
            {
                if (net is null) throw NetworkException.NotFound($"network {networkIdOrName} not found");
                throw NetworkException.NotFound($"container {displayName} is not connected to network {net.Name}");
            }
            if (endpoint.HostInterface.Length > 0) _host.DeleteLink(endpoint.HostInterface);
            runtime.Record = sb with { Endpoints = sb.Endpoints.Where(e => e.Id != endpoint.Id).ToList() };
            if (runtime.GatewayEndpointId == endpoint.Id) runtime.GatewayEndpointId = null;
            UpdateGateway(runtime);
            _store.Save(runtime.Record);
            RebuildDns();
            EnsureResolver(runtime);
            if (runtime.Record.Ports.Count > 0) ApplyFirewall();
            WriteFilesIfWanted(runtime);
            NetworkLog.Disconnected(_log, Short(containerId), endpoint.NetworkName);
        }
    }

    /// <summary>The endpoint that provides the default route: highest priority, then network name (Docker's rule).</summary>
    private EndpointRecord? GatewayEndpoint(SandboxRecord sb) =>
        sb.Endpoints.Where(e => e.IPv4Gateway is not null || e.IPv6Gateway is not null)
            .OrderByDescending(e => e.GwPriority).ThenBy(e => e.NetworkName, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>Points the container's default routes at the gateway endpoint (replacing the old ones).</summary>
    private void UpdateGateway(SandboxRuntime runtime)
    {
        if (runtime.Netns is null) return;
        var gw = GatewayEndpoint(runtime.Record);
        if (gw?.Id == runtime.GatewayEndpointId && gw is not null) return;
        var inside = runtime.Inside;
        var any4 = new IPNetwork(IPAddress.Any, 0);
        var any6 = new IPNetwork(IPAddress.IPv6Any, 0);
        if (gw is null)
        {
            inside.DeleteRoute(any4, null, 0);
            inside.DeleteRoute(any6, null, 0);
            runtime.GatewayEndpointId = null;
            return;
        }
        int index = inside.GetLink(gw.Interface).Index;
        if (gw.IPv4Gateway is not null) inside.AddRoute(any4, IPAddress.Parse(gw.IPv4Gateway), index, replace: true);
        else inside.DeleteRoute(any4, null, 0);
        if (gw.IPv6Gateway is not null) inside.AddRoute(any6, IPAddress.Parse(gw.IPv6Gateway), index, replace: true);
        else inside.DeleteRoute(any6, null, 0);
        runtime.GatewayEndpointId = gw.Id;
    }

    /// <summary>Starts the embedded DNS of a sandbox on its first user-defined network; stops it after the last.</summary>
    private void EnsureResolver(SandboxRuntime runtime)
    {
        if (runtime.Netns is null) return;
        bool wanted = runtime.Record.Endpoints.Any(e => _networks.TryGetValue(e.NetworkId, out var n) && n.HasDns);
        if (wanted && runtime.Resolver is null)
        {
            runtime.Resolver = SandboxResolver.Start(runtime.Netns, runtime.Record.ContainerId, this, _forwarder);
        }
        else if (!wanted && runtime.Resolver is not null)
        {
            runtime.Resolver.DisposeAsync().AsTask().GetAwaiter().GetResult();
            runtime.Resolver = null;
            runtime.Netns.Run(() =>
            {
                Nftables.Apply($"table ip {SandboxResolver.TableName} {{}}\ndelete table ip {SandboxResolver.TableName}\n");
                return 0;
            });
        }
    }
}
