using System.Net;
using System.Net.Sockets;
using Berth.Linux;
using Berth.Linux.Netlink;
using Berth.Network.Ipam;
using Berth.Network.State;

namespace Berth.Network;

public sealed partial class NetworkManager
{
    public const string OptionBridgeName = "com.docker.network.bridge.name";
    public const string OptionMtu = "com.docker.network.driver.mtu";
    public const string OptionIcc = "com.docker.network.bridge.enable_icc";
    public const string OptionMasquerade = "com.docker.network.bridge.enable_ip_masquerade";
    public const string OptionHostBindingIPv4 = "com.docker.network.bridge.host_binding_ipv4";
    public const string OptionDefaultBridge = "com.docker.network.bridge.default_bridge";

    /// <summary>
    /// Creates a bridge network: checks the request (name free, subnets well-formed and not overlapping other
    /// networks, gateway and range inside their subnet), picks subnets from the pools when none is given (avoiding
    /// the host's routes), creates the bridge with its gateway addresses, and rewrites the firewall. On any failure
    /// nothing is left behind.
    /// </summary>
    public NetworkRecord CreateNetwork(NetworkCreateOptions request)
    {
        lock (_gate)
        {
            if (string.IsNullOrWhiteSpace(request.Name)) throw NetworkException.Invalid("network name is empty");
            if (_networks.Values.Any(n => n.Name == request.Name))
                throw new NetworkException(NetworkErrorKind.AlreadyExists, $"network with name {request.Name} already exists");
            if (request.Driver is "host" or "null")
                throw new NetworkException(NetworkErrorKind.FailedPrecondition, $"only one instance of \"{request.Driver}\" network is allowed");
            if (request.Driver != "bridge")
                throw NetworkException.Invalid($"network driver {request.Driver} is not supported: use bridge");

            var record = PlanBridge(request, NewId(), isDefault: false);
            if (record.Bridge is not null && _networks.Values.Any(n => n.Bridge == record.Bridge))
                throw NetworkException.Conflict($"bridge name {record.Bridge} is already used by another network");
            bool existed = _host.FindLink(record.Bridge!) is not null;
            record = record with { BridgeCreated = !existed };
            try
            {
                EnsureBridge(record);
                _store.Save(record);
                _networks[record.Id] = record;
                ApplyFirewall();
                SyncIptables();
            }
            catch
            {
                _networks.Remove(record.Id);
                try { _store.DeleteNetwork(record.Id); } catch (IOException) { }
                if (!existed) _host.DeleteLink(record.Bridge!);
                try { ApplyFirewall(); } catch (NftablesException) { }
                throw;
            }
            NetworkLog.NetworkCreated(_log, record.Name, record.Id, record.Driver, record.Bridge, string.Join(",", record.Subnets.Select(s => s.Subnet)));
            return record;
        }
    }

    /// <summary>Removes a network; refused for predefined networks and while endpoints are attached.</summary>
    public void RemoveNetwork(string idOrName)
    {
        lock (_gate)
        {
            var net = Require(idOrName);
            if (net.IsPredefined)
                throw new NetworkException(NetworkErrorKind.FailedPrecondition, $"{net.Name} is a pre-defined network and cannot be removed");
            var users = _sandboxes.Values.Where(s => s.Record.Endpoints.Any(e => e.NetworkId == net.Id)).ToList();
            if (users.Count > 0)
                throw NetworkException.Conflict($"error while removing network: network {net.Name} id {net.Id} has active endpoints");
            _store.DeleteNetwork(net.Id);
            _networks.Remove(net.Id);
            if (net.Bridge is not null && net.BridgeCreated) _host.DeleteLink(net.Bridge);
            else if (net.Bridge is not null) RemoveBridgeAddresses(net);
            ApplyFirewall();
            SyncIptables();
            NetworkLog.NetworkRemoved(_log, net.Name, net.Id);
        }
    }

    /// <summary>Removes every user-defined network without endpoints that <paramref name="filter"/> accepts; returns their names.</summary>
    public IReadOnlyList<string> PruneNetworks(Func<NetworkRecord, bool>? filter = null)
    {
        List<NetworkRecord> candidates;
        lock (_gate)
        {
            candidates = _networks.Values
                .Where(n => !n.IsPredefined && !_sandboxes.Values.Any(s => s.Record.Endpoints.Any(e => e.NetworkId == n.Id)))
                .Where(n => filter is null || filter(n)).ToList();
        }
        var removed = new List<string>();
        foreach (var n in candidates)
        {
            try
            {
                RemoveNetwork(n.Id);
                removed.Add(n.Name);
            }
            catch (NetworkException) { }
        }
        return removed;
    }

    /// <summary>Decides bridge name, MTU, options and subnets for a request; touches nothing.</summary>
    private NetworkRecord PlanBridge(NetworkCreateOptions request, string id, bool isDefault)
    {
        var options = request.Options;
        string bridge = options.TryGetValue(OptionBridgeName, out var bn) && bn.Length > 0 ? bn
            : isDefault ? _options.DefaultBridgeName
            : (_options.BridgeNamePrefix + id)[..Math.Min(15, _options.BridgeNamePrefix.Length + id.Length)];
        if (bridge.Length > 15 || bridge.Any(c => c is '/' or ' ' or ':' or '"' or '\\'))
            throw NetworkException.Invalid($"invalid bridge name: {bridge}");
        int mtu = _options.DefaultMtu;
        if (options.TryGetValue(OptionMtu, out var mtuText) && !(int.TryParse(mtuText, out mtu) && mtu >= 68 && mtu <= 65535))
            throw NetworkException.Invalid($"invalid mtu: {mtuText}");
        bool icc = !options.TryGetValue(OptionIcc, out var iccText) || ParseBool(iccText, OptionIcc);
        bool masquerade = !options.TryGetValue(OptionMasquerade, out var mqText) || ParseBool(mqText, OptionMasquerade);
        string? hostBinding = null;
        if (options.TryGetValue(OptionHostBindingIPv4, out var hb))
        {
            if (!IPAddress.TryParse(hb, out _)) throw NetworkException.Invalid($"invalid {OptionHostBindingIPv4}: {hb}");
            hostBinding = hb;
        }

        var v4Configs = new List<IpamConfig>();
        var v6Configs = new List<IpamConfig>();
        foreach (var c in request.Ipam)
        {
            string? probe = c.Subnet ?? c.Gateway ?? c.IpRange;
            if (probe is null) continue;
            (FamilyOf(probe) == AddressFamily.InterNetworkV6 ? v6Configs : v4Configs).Add(c);
        }
        if (v4Configs.Count > 1) throw NetworkException.Invalid("more than one ipv4 subnet per network is not supported");
        if (v6Configs.Count > 1) throw NetworkException.Invalid("more than one ipv6 subnet per network is not supported");
        if (v6Configs.Count > 0 && !request.EnableIPv6) throw NetworkException.Invalid("an ipv6 subnet was given but ipv6 is not enabled (--ipv6)");

        var subnets = new List<SubnetRecord>();
        subnets.Add(PlanSubnet(v4Configs.FirstOrDefault(), AddressFamily.InterNetwork, isDefault));
        if (request.EnableIPv6) subnets.Add(PlanSubnet(v6Configs.FirstOrDefault(), AddressFamily.InterNetworkV6, false));

        var opts = new Dictionary<string, string>(options);
        if (isDefault)
        {
            opts[OptionDefaultBridge] = "true";
            opts[OptionBridgeName] = bridge;
            opts[OptionIcc] = "true";
            opts[OptionMasquerade] = "true";
            opts[OptionHostBindingIPv4] = "0.0.0.0";
            if (!opts.ContainsKey(OptionMtu)) opts[OptionMtu] = (mtu > 0 ? mtu : 1500).ToString();
        }
        return new NetworkRecord
        {
            Id = id,
            Name = request.Name,
            Driver = "bridge",
            Created = DateTimeOffset.UtcNow,
            Internal = request.Internal,
            Attachable = request.Attachable,
            EnableIPv6 = request.EnableIPv6,
            Subnets = subnets,
            Options = opts,
            Labels = new Dictionary<string, string>(request.Labels),
            Bridge = bridge,
            Mtu = mtu,
            InterContainer = icc,
            Masquerade = masquerade,
            HostBindingIPv4 = hostBinding,
            IsDefault = isDefault,
        };
    }

    private static bool ParseBool(string text, string what) =>
        bool.TryParse(text, out bool b) ? b : throw NetworkException.Invalid($"invalid {what}: {text}");

    private SubnetRecord PlanSubnet(IpamConfig? config, AddressFamily family, bool isDefault)
    {
        IPNetwork subnet;
        bool configured = config?.Subnet is not null;
        if (configured)
        {
            subnet = SubnetPlan.ParseSubnet(config!.Subnet!);
            if (subnet.BaseAddress.AddressFamily != family) throw NetworkException.Invalid($"invalid subnet: {config.Subnet}");
            foreach (var other in _networks.Values)
            {
                foreach (var s in other.Subnets)
                {
                    var os = IPNetwork.Parse(s.Subnet);
                    if (IpMath.Overlaps(subnet, os))
                        throw NetworkException.Conflict($"invalid pool request: subnet {subnet} overlaps with network {other.Name} ({os})");
                }
            }
        }
        else
        {
            if (config?.Gateway is not null || config?.IpRange is not null)
                throw NetworkException.Invalid("a gateway or ip range needs a subnet (--subnet)");
            var inUse = SubnetsInUse(family);
            var pools = family == AddressFamily.InterNetworkV6 ? _options.DefaultAddressPoolsV6
                : isDefault ? _options.DefaultBridgePools : _options.DefaultAddressPools;
            subnet = SubnetAllocator.FindFree(pools, inUse)
                ?? throw new NetworkException(NetworkErrorKind.Unavailable,
                    "could not find an available, non-overlapping ipv" + (family == AddressFamily.InterNetworkV6 ? "6" : "4") + " address pool among the defaults to assign to the network");
        }
        var plan = SubnetPlan.FromConfig(subnet, config?.Gateway, config?.IpRange, configured);
        return new SubnetRecord(plan.Subnet.ToString(), plan.Gateway.ToString(), plan.IpRange?.ToString(), configured);
    }

    /// <summary>Subnets an automatic choice must avoid: other networks' and the host's routes (Docker's rule).</summary>
    private List<IPNetwork> SubnetsInUse(AddressFamily family)
    {
        var list = _networks.Values.SelectMany(n => n.Subnets).Select(s => IPNetwork.Parse(s.Subnet))
            .Where(s => s.BaseAddress.AddressFamily == family).ToList();
        foreach (var r in _host.ListRoutes(family))
        {
            if (r.Table != 254 || r.Destination.PrefixLength == 0) continue;
            if (family == AddressFamily.InterNetworkV6 && r.Destination.BaseAddress.IsIPv6LinkLocal) continue;
            list.Add(r.Destination);
        }
        return list;
    }

    /// <summary>The bridge up with its gateway addresses (idempotent: reconciliation calls it for every network).</summary>
    private void EnsureBridge(NetworkRecord net)
    {
        string name = net.Bridge!;
        var link = _host.FindLink(name);
        int index;
        if (link is null)
        {
            // A fixed random MAC: otherwise the bridge takes its lowest port's and changes as containers come and go.
            index = _host.CreateBridge(name, net.Mtu, RandomMac());
            _host.SetAlias(index, $"{_options.Tag}:net:{net.Id}");
        }
        else
        {
            if (link.Kind != "bridge") throw NetworkException.Conflict($"interface {name} exists and is not a bridge");
            index = link.Index;
        }
        if (net.EnableIPv6) WriteInterfaceSysctl("ipv6", name, "disable_ipv6", "0");
        foreach (var s in net.Subnets)
        {
            var subnet = IPNetwork.Parse(s.Subnet);
            int errno = _host.TryAddAddress(index, IPAddress.Parse(s.Gateway), subnet.PrefixLength, out string? detail);
            if (errno != 0 && errno != Errnos.EEXIST)
                throw new SyscallException(errno, "RTM_NEWADDR", $"{s.Gateway}/{subnet.PrefixLength} on {name}" + (detail is null ? "" : $" ({detail})"));
        }
        _host.SetUp(index);
        // Published ports reached on 127.0.0.1 are DNATed to the bridge: loopback sources must be routable there.
        WriteInterfaceSysctl("ipv4", name, "route_localnet", "1");
        if (_options.ManageForwarding && !net.Internal)
        {
            WriteSysctl("net.ipv4.ip_forward", "1", logChange: true);
            if (net.EnableIPv6) WriteSysctl("net.ipv6.conf.all.forwarding", "1", logChange: true);
        }
    }

    private void RemoveBridgeAddresses(NetworkRecord net)
    {
        var link = _host.FindLink(net.Bridge!);
        if (link is null) return;
        foreach (var s in net.Subnets)
            _host.DeleteAddress(link.Index, IPAddress.Parse(s.Gateway), IPNetwork.Parse(s.Subnet).PrefixLength);
    }

    /// <summary>The predefined networks: bridge (on the default bridge), host and none.</summary>
    private void EnsurePredefined()
    {
        if (!_networks.Values.Any(n => n.IsDefault))
        {
            var ipam = new List<IpamConfig>();
            if (_options.DefaultBridgeAddress is { } bip)
            {
                if (!IpMath.TryParseNetwork(bip, out var subnet, out _) || !IPAddress.TryParse(bip[..bip.IndexOf('/')], out var gw))
                    throw NetworkException.Invalid($"invalid bridge ip: {bip}");
                ipam.Add(new IpamConfig(subnet.ToString(), null, gw.ToString()));
            }
            else if (ExistingBridgeAddress(_options.DefaultBridgeName) is { } existing)
            {
                // Docker's rule for docker0: a bridge that is already there keeps the address it has.
                var family = existing.Address.AddressFamily;
                var network = IpMath.FromNumber(IpMath.ToNumber(existing.Address) & IpMath.Mask(existing.PrefixLength, IpMath.Bits(family)), family);
                ipam.Add(new IpamConfig($"{network}/{existing.PrefixLength}", null, existing.Address.ToString()));
            }
            var request = new NetworkCreateOptions { Name = "bridge" };
            var record = PlanBridge(request with { Ipam = ipam }, NewId(), isDefault: true);
            record = record with { BridgeCreated = _host.FindLink(record.Bridge!) is null };
            _store.Save(record);
            _networks[record.Id] = record;
            NetworkLog.NetworkCreated(_log, record.Name, record.Id, record.Driver, record.Bridge, string.Join(",", record.Subnets.Select(s => s.Subnet)));
        }
        foreach (var (name, driver) in new[] { ("host", "host"), ("none", "null") })
        {
            if (_networks.Values.Any(n => n.Driver == driver)) continue;
            var record = new NetworkRecord { Id = NewId(), Name = name, Driver = driver, Created = DateTimeOffset.UtcNow, EnableIPv4 = false };
            _store.Save(record);
            _networks[record.Id] = record;
        }
    }

    private AddressInfo? ExistingBridgeAddress(string bridge)
    {
        var link = _host.FindLink(bridge);
        if (link is null) return null;
        return _host.ListAddresses(AddressFamily.InterNetwork).FirstOrDefault(a => a.LinkIndex == link.Index);
    }
}
