using System.Net;
using Berth.Network.Files;
using Berth.Network.State;

namespace Berth.Network;

public sealed partial class NetworkManager
{
    /// <summary>
    /// The container's /etc/hosts, /etc/resolv.conf and /etc/hostname as they should be now (after its endpoints
    /// exist): its own addresses under its hostname, --add-host entries, legacy links, and a resolv.conf that points at
    /// the embedded DNS on user-defined networks or carries the host's (or --dns) servers otherwise.
    /// </summary>
    public ContainerFiles BuildFiles(string containerId)
    {
        lock (_gate) return BuildFiles(RequireSandbox(containerId));
    }

    /// <summary>Writes the files into <paramref name="dir"/> (in place when they exist: they may be bind-mounted).</summary>
    public ContainerFiles WriteFiles(string containerId, string dir)
    {
        var files = BuildFiles(containerId);
        files.WriteTo(dir);
        return files;
    }

    private void WriteFilesIfWanted(SandboxRuntime runtime)
    {
        if (runtime.Record.FilesDirectory.Length > 0) BuildFiles(runtime).WriteTo(runtime.Record.FilesDirectory);
    }

    private ContainerFiles BuildFiles(SandboxRuntime runtime)
    {
        var sb = runtime.Record;
        string hostname = sb.Hostname.Length > 0 ? sb.Hostname : sb.HostNetwork ? Environment.MachineName : Short(sb.ContainerId);
        var gatewayEndpoint = GatewayEndpoint(sb);
        string? hostGateway = gatewayEndpoint?.IPv4Gateway ?? _networks.Values.FirstOrDefault(n => n.IsDefault)?.Subnets.FirstOrDefault()?.Gateway;
        var extra = sb.ExtraHosts.Select(h => ExtraHost.Parse(h, hostGateway)).ToList();
        var hostConf = ResolvConf.ReadHost(_options.HostResolvConfPath);

        if (sb.HostNetwork)
        {
            string hostHosts = "";
            try { hostHosts = File.ReadAllText(_options.HostHostsPath); } catch (IOException) { }
            if (hostHosts.Length > 0 && !hostHosts.EndsWith('\n')) hostHosts += "\n";
            foreach (var h in extra) hostHosts += $"{h.Address}\t{h.Name}\n";
            string resolv;
            if (sb.Dns.Count + sb.DnsSearch.Count + sb.DnsOptions.Count == 0)
            {
                try { resolv = File.ReadAllText(_options.HostResolvConfPath); } catch (IOException) { resolv = ""; }
            }
            else resolv = ResolvConf.ForContainer(hostConf, new DnsSettings(sb.Dns, sb.DnsSearch, sb.DnsOptions), false, true).Content;
            return new ContainerFiles(hostHosts, resolv, hostname + "\n");
        }

        var addresses = new List<IPAddress>();
        foreach (var e in sb.Endpoints.OrderBy(e => e.Sequence))
        {
            if (e.IPv4Address is not null) addresses.Add(IPAddress.Parse(e.IPv4Address));
        }
        foreach (var e in sb.Endpoints.OrderBy(e => e.Sequence))
        {
            if (e.IPv6Address is not null) addresses.Add(IPAddress.Parse(e.IPv6Address));
        }

        // Legacy links write names into /etc/hosts only on the default bridge, where there is no DNS.
        var links = new List<(IPAddress, IReadOnlyList<string>)>();
        var defaultBridge = _networks.Values.FirstOrDefault(n => n.IsDefault);
        if (defaultBridge is not null && sb.Endpoints.Any(e => e.NetworkId == defaultBridge.Id))
        {
            foreach (var link in sb.Links)
            {
                var (target, alias) = SplitLink(link);
                var other = FindSandboxByName(target);
                var ep = other?.Record.Endpoints.FirstOrDefault(e => e.NetworkId == defaultBridge.Id);
                if (other is null || ep?.IPv4Address is null) continue;
                var names = new List<string> { alias };
                if (other.Record.Hostname.Length > 0) names.Add(other.Record.Hostname);
                else names.Add(Short(other.Record.ContainerId));
                if (other.Record.ContainerName.Length > 0) names.Add(other.Record.ContainerName);
                links.Add((IPAddress.Parse(ep.IPv4Address), names));
            }
        }

        bool embedded = sb.Endpoints.Any(e => _networks.TryGetValue(e.NetworkId, out var n) && n.HasDns);
        bool ipv6 = sb.Endpoints.Any(e => e.IPv6Address is not null);
        var resolvConf = ResolvConf.ForContainer(hostConf, new DnsSettings(sb.Dns, sb.DnsSearch, sb.DnsOptions), embedded, ipv6);
        string hosts = HostsFile.Build(hostname, sb.Domainname, addresses, extra, links);
        return new ContainerFiles(hosts, resolvConf.Content, hostname + "\n");
    }
}
