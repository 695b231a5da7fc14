using Berth.Engine.Containers;
using Berth.Engine.Model;
using Berth.Network.State;

namespace Berth.Engine.Networks;

/// <summary>What inspect and ps show of a container's networking: NetworkSettings, the Ports column, the network filter.</summary>
public sealed partial class NetworkService
{
    /// <summary>
    /// NetworkSettings of inspect: while the container runs, its endpoints as they are (addresses, gateway, MAC,
    /// DNS names) and its published ports; otherwise its desired networks with the operational fields empty, as moby
    /// shows a stopped container. Null when networking is unavailable (the caller then uses its defaults).
    /// </summary>
    public NetworkSettings? Settings(Container c)
    {
        if (_manager is null) return null;
        var r = c.Record;
        string mode = r.HostConfig.NetworkMode ?? "bridge";
        var sandbox = c.IsRunning ? _manager.GetSandbox(c.Id) : null;
        var desired = DesiredEndpoints(r);
        var networks = new Dictionary<string, EndpointSettings>(StringComparer.Ordinal);
        if (sandbox is not null)
        {
            foreach (var ep in sandbox.Endpoints.OrderBy(e => e.Sequence))
            {
                var wanted = desired.FirstOrDefault(d => d.Key == ep.NetworkName).Value;
                networks[ep.NetworkName] = Running(ep, wanted);
            }
        }
        else
        {
            foreach (var (name, wanted) in desired)
            {
                var net = _manager.FindNetwork(name);
                networks[name] = Stopped(wanted, net?.Id ?? wanted.NetworkID ?? "");
            }
        }

        var settings = new NetworkSettings
        {
            Bridge = "",
            SandboxID = sandbox is null ? "" : c.Id,
            SandboxKey = sandbox is null ? "" : sandbox.NetnsPath,
            HairpinMode = false,
            LinkLocalIPv6Address = "",
            LinkLocalIPv6PrefixLen = 0,
            Ports = sandbox is null || mode == "host" ? new() : PortMap(r, sandbox),
            SecondaryIPAddresses = null,
            SecondaryIPv6Addresses = null,
            EndpointID = "",
            Gateway = "",
            GlobalIPv6Address = "",
            GlobalIPv6PrefixLen = 0,
            IPAddress = "",
            IPPrefixLen = 0,
            IPv6Gateway = "",
            MacAddress = "",
            Networks = networks,
        };
        // The deprecated top-level fields describe the default bridge's endpoint only, as in moby.
        if (networks.TryGetValue("bridge", out var bridge) && sandbox is not null)
        {
            settings.EndpointID = bridge.EndpointID;
            settings.Gateway = bridge.Gateway;
            settings.GlobalIPv6Address = bridge.GlobalIPv6Address;
            settings.GlobalIPv6PrefixLen = bridge.GlobalIPv6PrefixLen;
            settings.IPAddress = bridge.IPAddress;
            settings.IPPrefixLen = bridge.IPPrefixLen;
            settings.IPv6Gateway = bridge.IPv6Gateway;
            settings.MacAddress = bridge.MacAddress;
        }
        return settings;
    }

    private static EndpointSettings Running(EndpointRecord ep, EndpointSettings? wanted) => new()
    {
        IPAMConfig = wanted?.IPAMConfig,
        Links = wanted?.Links,
        Aliases = wanted?.Aliases,
        MacAddress = ep.MacAddress,
        DriverOpts = wanted?.DriverOpts,
        GwPriority = ep.GwPriority,
        NetworkID = ep.NetworkId,
        EndpointID = ep.Id,
        Gateway = ep.IPv4Gateway ?? "",
        IPAddress = ep.IPv4Address ?? "",
        IPPrefixLen = ep.IPv4Address is null ? 0 : ep.IPv4PrefixLength,
        IPv6Gateway = ep.IPv6Gateway ?? "",
        GlobalIPv6Address = ep.IPv6Address ?? "",
        GlobalIPv6PrefixLen = ep.IPv6Address is null ? 0 : ep.IPv6PrefixLength,
        DNSNames = ep.DnsNames.Count > 0 ? ep.DnsNames.ToList() : null,
    };

    private static EndpointSettings Stopped(EndpointSettings wanted, string networkId) => new()
    {
        IPAMConfig = wanted.IPAMConfig,
        Links = wanted.Links,
        Aliases = wanted.Aliases,
        MacAddress = wanted.MacAddress ?? "",
        DriverOpts = wanted.DriverOpts,
        GwPriority = wanted.GwPriority ?? 0,
        NetworkID = networkId,
        EndpointID = "",
        Gateway = "",
        IPAddress = "",
        IPPrefixLen = 0,
        IPv6Gateway = "",
        GlobalIPv6Address = "",
        GlobalIPv6PrefixLen = 0,
        DNSNames = null,
    };

    /// <summary>Ports of inspect: every exposed port, null when not published, else its host bindings.</summary>
    private static Dictionary<string, List<PortBinding>> PortMap(ContainerRecord r, SandboxRecord sandbox)
    {
        var map = new Dictionary<string, List<PortBinding>>(StringComparer.Ordinal);
        foreach (var key in (r.Config.ExposedPorts ?? []).Keys)
            map[key.Contains('/') ? key : key + "/tcp"] = null!;
        foreach (var p in sandbox.Ports)
        {
            string key = $"{p.ContainerPort}/{p.Protocol}";
            if (!map.TryGetValue(key, out var list) || list is null) map[key] = list = [];
            list.Add(new PortBinding { HostIp = p.HostIp, HostPort = p.HostPort.ToString() });
        }
        return map;
    }

    /// <summary>The Ports column of ps: published ports with their host side, exposed ones alone; running containers only.</summary>
    public List<Port>? PortSummaries(Container c)
    {
        if (_manager is null) return null;
        var ports = new List<Port>();
        var sandbox = c.IsRunning ? _manager.GetSandbox(c.Id) : null;
        if (sandbox is null || sandbox.HostNetwork) return ports;
        var published = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in sandbox.Ports)
        {
            ports.Add(new Port { IP = p.HostIp, PrivatePort = p.ContainerPort, PublicPort = p.HostPort, Type = p.Protocol });
            published.Add($"{p.ContainerPort}/{p.Protocol}");
        }
        foreach (var key in (c.Record.Config.ExposedPorts ?? []).Keys)
        {
            string k = key.Contains('/') ? key : key + "/tcp";
            if (published.Contains(k)) continue;
            int slash = k.IndexOf('/');
            if (int.TryParse(k[..slash], out int port)) ports.Add(new Port { PrivatePort = port, Type = k[(slash + 1)..] });
        }
        return ports;
    }

    /// <summary>ps --filter network=X: X is the name, id or id prefix of a network the container is (or would be) on.</summary>
    public bool IsConnected(Container c, string network)
    {
        var desired = DesiredEndpoints(c.Record);
        if (desired.Any(d => d.Key == network || d.Value.NetworkID == network)) return true;
        var net = _manager?.FindNetwork(network);
        if (net is null) return false;
        if (desired.Any(d => d.Key == net.Name || d.Value.NetworkID == net.Id)) return true;
        return c.IsRunning && _manager!.GetSandbox(c.Id)?.Endpoints.Any(e => e.NetworkId == net.Id) == true;
    }
}
