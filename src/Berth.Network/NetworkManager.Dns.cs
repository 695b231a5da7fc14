using System.Net;
using Berth.Network.Dns;
using Berth.Network.Files;
using Berth.Network.State;

namespace Berth.Network;

/// <summary>The embedded DNS's view of the records: an immutable snapshot, rebuilt on every change, read lock-free.</summary>
public sealed partial class NetworkManager : IDnsCatalog
{
    private volatile DnsSnapshot _dns;

    private sealed class DnsSnapshot
    {
        public Dictionary<string, SandboxView> Sandboxes { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, NetworkView> Networks { get; } = new(StringComparer.Ordinal);
    }

    private sealed record SandboxView(string[] NetworkIds, Dictionary<string, string> LinkTargets, IPEndPoint[] Upstreams);

    private sealed class NetworkView(string name)
    {
        public string Name { get; } = name;
        public Dictionary<string, List<IPAddress>> Names { get; } = new(StringComparer.OrdinalIgnoreCase);
        public Dictionary<IPAddress, string> Reverse { get; } = [];
        public Dictionary<string, List<IPAddress>> ByContainer { get; } = new(StringComparer.Ordinal);
    }

    private void RebuildDns()
    {
        var snapshot = new DnsSnapshot();
        var hostConf = ResolvConf.ReadHost(_options.HostResolvConfPath);
        foreach (var runtime in _sandboxes.Values)
        {
            var sb = runtime.Record;
            var dnsEndpoints = sb.Endpoints.Where(e => _networks.TryGetValue(e.NetworkId, out var n) && n.HasDns).OrderBy(e => e.Sequence).ToList();
            foreach (var e in dnsEndpoints)
            {
                if (!snapshot.Networks.TryGetValue(e.NetworkId, out var view))
                    snapshot.Networks[e.NetworkId] = view = new NetworkView(e.NetworkName);
                var addresses = new List<IPAddress>();
                if (e.IPv4Address is not null) addresses.Add(IPAddress.Parse(e.IPv4Address));
                if (e.IPv6Address is not null) addresses.Add(IPAddress.Parse(e.IPv6Address));
                view.ByContainer[sb.ContainerId] = addresses;
                foreach (var name in e.DnsNames)
                {
                    if (!view.Names.TryGetValue(name, out var list)) view.Names[name] = list = [];
                    list.AddRange(addresses);
                }
                string primary = (sb.ContainerName.Length > 0 ? sb.ContainerName : Short(sb.ContainerId)) + "." + e.NetworkName;
                foreach (var a in addresses) view.Reverse[a] = primary;
            }
            if (dnsEndpoints.Count == 0) continue;
            var links = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var link in sb.Links)
            {
                var (target, alias) = SplitLink(link);
                var other = FindSandboxByName(target);
                if (other is not null) links[alias] = other.Record.ContainerId;
            }
            bool mayForward = sb.Endpoints.Any(e => _networks.TryGetValue(e.NetworkId, out var n) && n.IsBridge && !n.Internal);
            IPEndPoint[] upstreams = [];
            if (mayForward)
            {
                upstreams = _options.DnsUpstreams?.ToArray()
                    ?? ResolvConf.ForContainer(hostConf, new DnsSettings(sb.Dns, sb.DnsSearch, sb.DnsOptions), embeddedDns: true, ipv6: false)
                        .Upstreams.Select(ParseUpstream).OfType<IPEndPoint>().ToArray();
            }
            snapshot.Sandboxes[sb.ContainerId] = new SandboxView(dnsEndpoints.Select(e => e.NetworkId).ToArray(), links, upstreams);
        }
        _dns = snapshot;
    }

    private static IPEndPoint? ParseUpstream(string server)
    {
        string text = server;
        int pct = text.IndexOf('%');
        if (pct >= 0) text = text[..pct];
        return IPAddress.TryParse(text, out var a) ? new IPEndPoint(a, 53) : null;
    }

    internal static (string Target, string Alias) SplitLink(string link)
    {
        int colon = link.IndexOf(':');
        string target = (colon < 0 ? link : link[..colon]).TrimStart('/');
        string alias = colon < 0 ? target : link[(colon + 1)..].TrimStart('/');
        int slash = alias.LastIndexOf('/');
        if (slash >= 0) alias = alias[(slash + 1)..];
        return (target, alias);
    }

    private SandboxRuntime? FindSandboxByName(string nameOrId) =>
        _sandboxes.Values.FirstOrDefault(s => s.Record.ContainerName == nameOrId)
        ?? (_sandboxes.TryGetValue(nameOrId, out var byId) ? byId : null)
        ?? _sandboxes.Values.FirstOrDefault(s => nameOrId.Length >= 12 && s.Record.ContainerId.StartsWith(nameOrId, StringComparison.Ordinal));

    IReadOnlyList<IPAddress>? IDnsCatalog.Lookup(string sandboxId, string name)
    {
        var snapshot = _dns;
        if (!snapshot.Sandboxes.TryGetValue(sandboxId, out var view)) return null;
        name = name.TrimEnd('.');
        foreach (var netId in view.NetworkIds)
        {
            if (snapshot.Networks.TryGetValue(netId, out var net) && net.Names.TryGetValue(name, out var list) && list.Count > 0) return list;
        }
        // name.network: the name on that network only.
        foreach (var netId in view.NetworkIds)
        {
            if (!snapshot.Networks.TryGetValue(netId, out var net)) continue;
            string suffix = "." + net.Name;
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) &&
                net.Names.TryGetValue(name[..^suffix.Length], out var list) && list.Count > 0) return list;
        }
        if (view.LinkTargets.TryGetValue(name, out var target))
        {
            foreach (var netId in view.NetworkIds)
            {
                if (snapshot.Networks.TryGetValue(netId, out var net) && net.ByContainer.TryGetValue(target, out var list) && list.Count > 0) return list;
            }
        }
        return null;
    }

    string? IDnsCatalog.ReverseLookup(string sandboxId, IPAddress address)
    {
        var snapshot = _dns;
        if (!snapshot.Sandboxes.TryGetValue(sandboxId, out var view)) return null;
        foreach (var netId in view.NetworkIds)
        {
            if (snapshot.Networks.TryGetValue(netId, out var net) && net.Reverse.TryGetValue(address, out var name)) return name;
        }
        return null;
    }

    IReadOnlyList<IPEndPoint> IDnsCatalog.Upstreams(string sandboxId) =>
        _dns.Sandboxes.TryGetValue(sandboxId, out var view) ? view.Upstreams : [];

    /// <summary>The port the embedded DNS of a container listens on (UDP, TCP), for diagnostics and tests; null when it has none.</summary>
    public (int Udp, int Tcp)? ResolverPorts(string containerId)
    {
        lock (_gate)
        {
            return _sandboxes.TryGetValue(containerId, out var s) && s.Resolver is { } r ? (r.UdpPort, r.TcpPort) : null;
        }
    }
}
