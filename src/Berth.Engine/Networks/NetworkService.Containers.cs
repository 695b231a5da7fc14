using System.Net;
using System.Net.Sockets;
using Berth.Engine.Containers;
using Berth.Engine.Errors;
using Berth.Engine.Model;
using Berth.Network;
using Berth.Network.Ports;
using NetPortBinding = Berth.Network.Ports.PortBinding;
using Berth.Network.State;

namespace Berth.Engine.Networks;

/// <summary>
/// The network side of a container: its desired networks (NetworkingConfig.EndpointsConfig, keyed by network name,
/// as moby keeps NetworkSettings.Networks), its sandbox while it runs (a pinned namespace, endpoints, published
/// ports, /etc files in its data directory), and what connect/disconnect do to both.
/// </summary>
public sealed partial class NetworkService
{
    // moby's runconfig errors, word for word.
    internal const string ErrConflictSharedNetwork = "container sharing network namespace with another container or host cannot be connected to any other network";
    internal const string ErrConflictConnectToHostNetwork = "cannot connect container to host network - container must be created in host network mode";
    internal const string ErrConflictDisconnectFromHostNetwork = "cannot disconnect container from host network - container was created in host network mode";
    internal const string ErrConflictNoNetwork = "container cannot be connected to multiple networks with one of the networks in private (none) mode";
    internal const string ErrConflictHostNetworkAndLinks = "conflicting options: host type networking can't be used with links. This would result in undefined behavior";
    internal const string ErrConflictContainerNetworkAndLinks = "conflicting options: container type network can't be used with links. This would result in undefined behavior";
    internal const string ErrConflictContainerNetworkAndMac = "conflicting options: mac-address and the network mode";
    internal const string ErrUnsupportedNetworkAndIP = "user specified IP address is supported on user defined networks only";
    internal const string ErrUnsupportedNetworkAndAlias = "network-scoped alias is supported only for containers in user defined networks";
    internal const string ErrUnsupportedNetworkNoSubnetAndIP = "user specified IP address is supported only when connecting to networks with user configured subnets";

    /// <summary>
    /// At create: the container's desired networks, keyed by network name (the id or prefix a client gave becomes the
    /// name when the network exists; an unknown network is kept as given, and its start fails, as in Docker 28).
    /// Checks what moby checks at create: endpoint settings, and host/none/container modes not mixed with others.
    /// </summary>
    public NetworkingConfig PlanEndpoints(HostConfig hc, ContainerConfig config, NetworkingConfig? requested)
    {
        string mode = hc.NetworkMode ?? "bridge";
        var given = requested?.EndpointsConfig ?? new Dictionary<string, EndpointSettings>();
        var result = new Dictionary<string, EndpointSettings>(StringComparer.Ordinal);
        if (mode.StartsWith("container:", StringComparison.Ordinal))
        {
            if (hc.Links is { Count: > 0 }) throw EngineException.Invalid(ErrConflictContainerNetworkAndLinks);
            if (!string.IsNullOrEmpty(config.MacAddress)) throw EngineException.Invalid(ErrConflictContainerNetworkAndMac);
            if (given.Keys.Any(k => k != mode)) throw EngineException.Invalid(ErrConflictSharedNetwork);
            return new NetworkingConfig { EndpointsConfig = result };
        }
        if (mode == "host" && hc.Links is { Count: > 0 }) throw EngineException.Invalid(ErrConflictHostNetworkAndLinks);

        var errors = new List<string>();
        var ordered = new List<(string Key, EndpointSettings Settings)>();
        var primaryNetwork = Find(mode);
        EndpointSettings? primarySettings = null;
        foreach (var (given0, settings) in given)
        {
            // "default" is the CLI's name for the daemon's default network: bridge.
            string key = given0 == "default" ? "bridge" : given0;
            if (settings is null) { errors.Add($"invalid config for network {key}: EndpointsConfig is nil"); continue; }
            if (key == mode || (primaryNetwork is not null && (key == primaryNetwork.Name || key == primaryNetwork.Id))) primarySettings = settings;
            else ordered.Add((key, settings));
        }
        ordered.Insert(0, (mode, primarySettings ?? new EndpointSettings()));
        if (!string.IsNullOrEmpty(config.MacAddress) && string.IsNullOrEmpty(ordered[0].Settings.MacAddress))
            ordered[0].Settings.MacAddress = config.MacAddress;

        var drivers = new List<string>();
        foreach (var (key, settings) in ordered)
        {
            var net = Find(key);
            string name = net?.Name ?? key;
            if (result.ContainsKey(name)) continue;
            string? problem = EndpointProblem(net, name, settings);
            if (problem is not null) errors.Add($"invalid config for network {key}: {problem}");
            if (net is not null) settings.NetworkID = net.Id;
            drivers.Add(net?.Driver ?? (key is "host" ? "host" : key is "none" ? "null" : "bridge"));
            result[name] = settings;
        }
        if (errors.Count > 0) throw EngineException.Invalid(JoinErrors(errors));
        if (result.Count > 1 && drivers.Contains("host")) throw EngineException.Invalid(ErrConflictSharedNetwork);
        if (result.Count > 1 && drivers.Contains("null")) throw EngineException.Invalid(ErrConflictNoNetwork);
        return new NetworkingConfig { EndpointsConfig = result };
    }

    /// <summary>moby's validateEndpointSettings: what is wrong with these settings on that network, or null.</summary>
    internal static string? EndpointProblem(NetworkRecord? net, string name, EndpointSettings settings)
    {
        var errors = new List<string>();
        var ipam = settings.IPAMConfig ?? new EndpointIPAMConfig();
        bool userDefined = !IsPredefinedName(name);
        bool hasStatic = !string.IsNullOrEmpty(ipam.IPv4Address) || !string.IsNullOrEmpty(ipam.IPv6Address);
        if (!userDefined)
        {
            if (hasStatic) errors.Add(ErrUnsupportedNetworkAndIP);
            if (settings.Aliases is { Count: > 0 }) errors.Add(ErrUnsupportedNetworkAndAlias);
        }
        if (!string.IsNullOrEmpty(ipam.IPv4Address) && !(IPAddress.TryParse(ipam.IPv4Address, out var a4) && a4.AddressFamily == AddressFamily.InterNetwork))
            errors.Add($"invalid IPv4 address: {ipam.IPv4Address}");
        if (!string.IsNullOrEmpty(ipam.IPv6Address) && !(IPAddress.TryParse(ipam.IPv6Address, out var a6) && a6.AddressFamily == AddressFamily.InterNetworkV6))
            errors.Add($"invalid IPv6 address: {ipam.IPv6Address}");
        foreach (var ll in ipam.LinkLocalIPs ?? [])
            if (!IPAddress.TryParse(ll, out _)) errors.Add($"invalid link-local IP address: {ll}");
        if (net is not null)
        {
            foreach (var text in new[] { ipam.IPv4Address, ipam.IPv6Address })
            {
                if (string.IsNullOrEmpty(text) || !IPAddress.TryParse(text, out var address)) continue;
                var statics = net.Subnets.Where(s => s.Configured && s.Subnet.Contains(':') == (address.AddressFamily == AddressFamily.InterNetworkV6)).ToList();
                if (statics.Count == 0) errors.Add(ErrUnsupportedNetworkNoSubnetAndIP);
                else if (!statics.Any(s => IPNetwork.Parse(s.IpRange ?? s.Subnet).Contains(address) || IPNetwork.Parse(s.Subnet).Contains(address)))
                    errors.Add($"no configured subnet or ip-range contain the IP address {text}");
            }
        }
        if (!string.IsNullOrEmpty(settings.MacAddress) && !IsMac(settings.MacAddress)) return $"invalid MAC address {settings.MacAddress}";
        return errors.Count == 0 ? null : "invalid endpoint settings:\n" + JoinErrors(errors);
    }

    private static bool IsMac(string text)
    {
        var parts = text.Split(':', '-');
        return parts.Length == 6 && parts.All(p => p.Length == 2 && byte.TryParse(p, System.Globalization.NumberStyles.HexNumber, null, out _));
    }

    /// <summary>The desired networks of a container, primary (its network mode) first.</summary>
    internal static List<KeyValuePair<string, EndpointSettings>> DesiredEndpoints(ContainerRecord r)
    {
        string mode = r.HostConfig.NetworkMode ?? "bridge";
        if (mode.StartsWith("container:", StringComparison.Ordinal)) return [];
        var map = r.NetworkingConfig?.EndpointsConfig;
        if (map is null) return [new(mode, new EndpointSettings())];
        if (map.ContainsKey("default") && !map.ContainsKey("bridge"))
            map = map.ToDictionary(kv => kv.Key == "default" ? "bridge" : kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return map.OrderBy(kv => kv.Key == mode ? 0 : 1).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>True when the network layer writes the container's hosts, resolv.conf and hostname itself.</summary>
    public bool WritesFiles(Container c) =>
        _manager is not null && !(c.Record.HostConfig.NetworkMode ?? "").StartsWith("container:", StringComparison.Ordinal);

    /// <summary>
    /// Before a run: the sandbox (namespace pinned under the exec root, host ports reserved first, /etc files in the
    /// container's data directory) and one endpoint per desired network, primary first. On any failure nothing is
    /// left: the sandbox is deleted and the error says what failed, as moby's "failed to set up container networking".
    /// </summary>
    public Task<NetworkPlan> ConnectForStartAsync(Container c, CancellationToken cancel)
    {
        var r = c.Record;
        var hc = r.HostConfig;
        string mode = hc.NetworkMode ?? "bridge";
        if (mode.StartsWith("container:", StringComparison.Ordinal))
        {
            var other = _engine.Containers.Get(mode["container:".Length..]);
            if (other.Id == c.Id) throw EngineException.Invalid("cannot join own network namespace");
            if (!other.IsRunning)
                throw EngineException.Conflict($"cannot join network namespace of a non running container: container {other.Name} is {other.Record.State.Status}");
            // moby gives it the other's hostname (in its own UTS namespace) and shares the /etc files, not copies:
            // connect and disconnect on the other show here too.
            r.Config.Hostname = string.IsNullOrEmpty(other.Record.Config.Hostname) ? Environment.MachineName : other.Record.Config.Hostname;
            r.Config.Domainname = other.Record.Config.Domainname;
            return Task.FromResult(new NetworkPlan(null, false, false, null)
            {
                HostsPath = other.Record.HostsPath, ResolvConfPath = other.Record.ResolvConfPath, HostnamePath = other.Record.HostnamePath,
            });
        }
        if (_manager is null)
        {
            if (mode == "host") return Task.FromResult(new NetworkPlan(null, false, true, null));
            if (mode == "none") return Task.FromResult(new NetworkPlan(null, true, false, null));
            throw new EngineException(ErrorKind.Unavailable, _unavailable ?? "networking is unavailable");
        }
        var manager = _manager;
        const string prefix = "failed to set up container networking: ";

        // What would fail later fails now, before anything exists.
        var desired = DesiredEndpoints(r);
        var targets = new List<(NetworkRecord Network, EndpointSettings Settings)>();
        foreach (var (name, settings) in desired)
        {
            var net = manager.FindNetwork(name) ?? (string.IsNullOrEmpty(settings.NetworkID) ? null : manager.FindNetwork(settings.NetworkID))
                ?? throw EngineException.NotFound($"{prefix}network {name} not found");
            targets.Add((net, settings));
        }
        bool hostMode = mode == "host";
        if (targets.Any(t => t.Network.IsDefault) && hc.Links is { Count: > 0 } links)
        {
            foreach (var link in links)
            {
                var (target, alias) = SplitLink(link);
                if (!_engine.Containers.TryGet(target, out var child) || child is null)
                    throw EngineException.NotFound($"{prefix}could not get container for {target}");
                if (!child.IsRunning)
                    throw EngineException.Conflict($"{prefix}Cannot link to a non running container: /{child.Name} AS /{r.Name}/{alias}");
            }
        }

        if (manager.GetSandbox(r.Id) is not null) Call(() => manager.DeleteSandbox(r.Id));
        var options = new SandboxOptions
        {
            ContainerName = r.Name,
            Hostname = string.IsNullOrEmpty(r.Config.Hostname) ? null : r.Config.Hostname,
            Domainname = string.IsNullOrEmpty(r.Config.Domainname) ? null : r.Config.Domainname,
            Dns = hc.Dns ?? [],
            DnsSearch = hc.DnsSearch ?? [],
            DnsOptions = hc.DnsOptions ?? [],
            ExtraHosts = hc.ExtraHosts ?? [],
            Links = hc.Links ?? [],
            PortBindings = hostMode ? [] : Call(() => PortBindingsOf(r)),
            HostNetwork = hostMode,
            FilesDirectory = _engine.Options.ContainerDataDir(r.Id),
        };
        SandboxRecord sandbox;
        var connected = new List<NetworkRecord>();
        string? address = null;
        try
        {
            sandbox = Call(() => manager.CreateSandbox(r.Id, options), prefix);
            foreach (var (net, settings) in targets)
            {
                var ep = Call(() => manager.Connect(r.Id, net.Id, EndpointOptionsOf(settings)), prefix);
                address ??= ep.IPv4Address;
                connected.Add(net);
            }
        }
        catch (EngineException e) when (e.InnerException is NetworkException { Message: var m } && m.StartsWith("bind for ", StringComparison.Ordinal))
        {
            ReleaseQuietly(r.Id);
            // moby's wording for a host port someone holds: "Bind for 0.0.0.0:8080 failed: port is already allocated".
            throw new EngineException(e.Kind, $"{prefix}driver failed programming external connectivity on endpoint {r.Name}: B{m[1..]}", e);
        }
        catch
        {
            ReleaseQuietly(r.Id);
            throw;
        }
        foreach (var net in connected) Publish(net, "connect", r.Id);
        return Task.FromResult(new NetworkPlan(hostMode ? null : sandbox.NetnsPath, false, false, address));
    }

    private void ReleaseQuietly(string containerId)
    {
        try { _manager?.DeleteSandbox(containerId); }
        catch (Exception e) { Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(_log, "releasing the network of {Id}: {Message}", containerId, e.Message); }
    }

    /// <summary>-p and -P: HostConfig.PortBindings, plus a random host port for every other exposed port with -P.</summary>
    private static List<NetPortBinding> PortBindingsOf(ContainerRecord r)
    {
        var list = new List<NetPortBinding>();
        var bound = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (port, bindings) in (r.HostConfig.PortBindings ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            string key = port.Contains('/') ? port : port + "/tcp";
            if (bindings is not { Count: > 0 }) continue;
            bound.Add(key);
            foreach (var b in bindings) list.Add(NetPortBinding.FromApi(key, b.HostIp, b.HostPort));
        }
        if (r.HostConfig.PublishAllPorts == true)
        {
            var exposed = (r.Config.ExposedPorts ?? []).Keys.Select(k => k.Contains('/') ? k : k + "/tcp").Where(k => !bound.Contains(k)).Order(StringComparer.Ordinal);
            list.AddRange(PortSpec.PublishAll(exposed));
        }
        return list;
    }

    private static EndpointOptions EndpointOptionsOf(EndpointSettings s) => new()
    {
        Aliases = s.Aliases ?? [],
        IPv4Address = string.IsNullOrEmpty(s.IPAMConfig?.IPv4Address) ? null : s.IPAMConfig.IPv4Address,
        IPv6Address = string.IsNullOrEmpty(s.IPAMConfig?.IPv6Address) ? null : s.IPAMConfig.IPv6Address,
        MacAddress = string.IsNullOrEmpty(s.MacAddress) ? null : s.MacAddress,
        GwPriority = (int)(s.GwPriority ?? 0),
    };

    private static (string Target, string Alias) SplitLink(string link)
    {
        int colon = link.IndexOf(':');
        string target = (colon < 0 ? link : link[..colon]).TrimStart('/');
        string alias = colon < 0 ? target : link[(colon + 1)..].TrimStart('/');
        int slash = alias.LastIndexOf('/');
        if (slash >= 0) alias = alias[(slash + 1)..];
        return (target, alias);
    }

    /// <summary>After a run (or at removal): the sandbox goes, with its veths, addresses, ports, rules and DNS.</summary>
    public void DisconnectAfterStop(Container c)
    {
        var manager = _manager;
        var sandbox = manager?.GetSandbox(c.Id);
        if (manager is null || sandbox is null) return;
        Call(() => manager.DeleteSandbox(c.Id));
        foreach (var ep in sandbox.Endpoints)
        {
            var net = manager.FindNetwork(ep.NetworkId);
            if (net is not null) Publish(net, "disconnect", c.Id);
        }
    }

    /// <summary>The container is being removed: release whatever network it still holds.</summary>
    public void Forget(Container c) => DisconnectAfterStop(c);

    /// <summary>
    /// network connect on a running container (the caller holds its lock and records the desired network): an
    /// endpoint in its namespace now. Connecting twice is moby's 403 "endpoint with name … already exists".
    /// </summary>
    internal void ConnectRunning(Container c, NetworkRecord net, EndpointSettings settings)
    {
        var manager = Manager;
        var sandbox = manager.GetSandbox(c.Id) ?? throw EngineException.Conflict($"container {c.Id} has no network sandbox");
        if (sandbox.Endpoints.Any(e => e.NetworkId == net.Id))
            throw new EngineException(ErrorKind.PermissionDenied, $"endpoint with name {c.Name} already exists in network {net.Name}");
        if (net.Driver == "host") throw EngineException.Invalid(ErrConflictConnectToHostNetwork);
        if (sandbox.HostNetwork || net.Driver == "null" || sandbox.Endpoints.Any(e => manager.FindNetwork(e.NetworkId)?.Driver is "host"))
            throw EngineException.Invalid(ErrConflictSharedNetwork);
        if (sandbox.Endpoints.Any(e => manager.FindNetwork(e.NetworkId)?.Driver is "null"))
            throw EngineException.Invalid(ErrConflictNoNetwork);
        Call(() => manager.Connect(c.Id, net.Id, EndpointOptionsOf(settings)));
        Publish(net, "connect", c.Id);
    }

    /// <summary>network disconnect on a running container: its endpoint on that network goes now.</summary>
    internal void DisconnectRunning(Container c, NetworkRecord net)
    {
        var manager = Manager;
        var sandbox = manager.GetSandbox(c.Id);
        if (sandbox is null || !sandbox.Endpoints.Any(e => e.NetworkId == net.Id))
            throw EngineException.Internal($"container {c.Id} is not connected to network {net.Name}");
        Call(() => manager.Disconnect(c.Id, net.Id));
        Publish(net, "disconnect", c.Id);
    }
}
