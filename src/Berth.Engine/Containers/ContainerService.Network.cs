using System.Text;
using Berth.Engine.Errors;
using Berth.Engine.Model;
using NetworkRules = Berth.Engine.Networks.NetworkService;

namespace Berth.Engine.Containers;

/// <summary>
/// How a container's network is set up for one run: the namespace to join (null with <see cref="NewNamespace"/>
/// false: the host's), and the /etc files to bind-mount when they are not the container's own (another container's
/// under --network container:X).
/// </summary>
public sealed record NetworkPlan(string? NamespacePath, bool NewNamespace, bool ShareHostFiles, string? IPAddress)
{
    public string? HostsPath { get; init; }
    public string? ResolvConfPath { get; init; }
    public string? HostnamePath { get; init; }
}

public sealed partial class ContainerService
{
    /// <summary>Network namespace and endpoints for the run (all modes go through the network service).</summary>
    private async Task<NetworkPlan> PrepareNetworkAsync(Container c, CancellationToken cancel)
    {
        if (Networks is not null) return await Networks.ConnectForStartAsync(c, cancel);
        string mode = c.Record.HostConfig.NetworkMode ?? "bridge";
        if (mode == "host") return new NetworkPlan(null, false, true, null);
        if (mode.StartsWith("container:", StringComparison.Ordinal)) return new NetworkPlan(null, false, false, null);
        return new NetworkPlan(null, true, false, null);
    }

    private void ReleaseNetwork(Container c)
    {
        try { Networks?.DisconnectAfterStop(c); }
        catch (Exception e) { _log_Warning($"network cleanup of {c.Id}: {e.Message}"); }
    }

    private void _log_Warning(string message) => Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(_log, "{Message}", message);

    /// <summary>
    /// POST /networks/{id}/connect: records the network among the container's desired ones and, when it runs,
    /// attaches it now. Moby's rules: a stopped container already on the network is left as it is; a running one is
    /// refused (403); host, none and container: modes do not mix with other networks.
    /// </summary>
    public async Task ConnectNetworkAsync(string containerIdOrName, string networkIdOrName, EndpointSettings? settings, CancellationToken cancel)
    {
        var networks = Networks ?? throw new EngineException(ErrorKind.Unavailable, "networking is unavailable");
        var c = Get(containerIdOrName);
        settings ??= new EndpointSettings();
        await c.Lock.WaitAsync(cancel);
        try
        {
            var r = c.Record;
            if (r.State.Status is "removing" or "dead")
                throw EngineException.Conflict($"Container {c.Id} is marked for removal and cannot be connected or disconnected to the network");
            string mode = r.HostConfig.NetworkMode ?? "bridge";
            if (mode.StartsWith("container:", StringComparison.Ordinal)) throw EngineException.Invalid(NetworkRules.ErrConflictSharedNetwork);
            var net = networks.Require(networkIdOrName);
            if (net.Driver == "host" && mode != "host") throw EngineException.Invalid(NetworkRules.ErrConflictConnectToHostNetwork);
            string? problem = NetworkRules.EndpointProblem(net, net.Name, settings);
            if (problem is not null) throw EngineException.Invalid(problem);

            var desired = NetworkRules.DesiredEndpoints(r);
            bool already = desired.Any(d => d.Key == net.Name || d.Value.NetworkID == net.Id);
            if (!c.IsRunning && already) return;
            foreach (var (name, _) in desired)
            {
                if (name == net.Name) continue;
                var other = networks.Find(name);
                string otherDriver = other?.Driver ?? (name == "host" ? "host" : name == "none" ? "null" : "bridge");
                if (otherDriver == "host" || net.Driver == "host") throw EngineException.Invalid(NetworkRules.ErrConflictSharedNetwork);
                if (otherDriver == "null" || net.Driver == "null") throw EngineException.Invalid(NetworkRules.ErrConflictNoNetwork);
            }
            if (c.IsRunning) networks.ConnectRunning(c, net, settings);

            settings.NetworkID = net.Id;
            var map = new Dictionary<string, EndpointSettings>(desired.Where(d => d.Key != net.Name), StringComparer.Ordinal) { [net.Name] = settings };
            r.NetworkingConfig = new NetworkingConfig { EndpointsConfig = map };
            Save(c);
        }
        finally
        {
            c.Lock.Release();
        }
    }

    /// <summary>POST /networks/{id}/disconnect: the network leaves the desired ones and, when running, the namespace.</summary>
    public async Task DisconnectNetworkAsync(string containerIdOrName, string networkIdOrName, bool force, CancellationToken cancel)
    {
        var networks = Networks ?? throw new EngineException(ErrorKind.Unavailable, "networking is unavailable");
        var c = Get(containerIdOrName);
        await c.Lock.WaitAsync(cancel);
        try
        {
            var r = c.Record;
            var net = networks.Find(networkIdOrName);
            var desired = NetworkRules.DesiredEndpoints(r);
            if (!c.IsRunning || (net is null && force))
            {
                if (r.State.Status is "removing" or "dead")
                    throw EngineException.Conflict($"Container {c.Id} is marked for removal and cannot be connected or disconnected to the network");
                string name = net?.Name ?? networkIdOrName;
                if (!desired.Any(d => d.Key == name)) throw EngineException.Internal($"container {c.Id} is not connected to the network {name}");
                r.NetworkingConfig = new NetworkingConfig { EndpointsConfig = desired.Where(d => d.Key != name).ToDictionary(StringComparer.Ordinal) };
            }
            else if (net is not null)
            {
                if (r.HostConfig.NetworkMode == "host" && net.Driver == "host") throw EngineException.Invalid(NetworkRules.ErrConflictDisconnectFromHostNetwork);
                networks.DisconnectRunning(c, net);
                r.NetworkingConfig = new NetworkingConfig
                {
                    EndpointsConfig = desired.Where(d => d.Key != net.Name && d.Value.NetworkID != net.Id).ToDictionary(StringComparer.Ordinal),
                };
            }
            else throw EngineException.NotFound($"network {networkIdOrName} not found");
            Save(c);
        }
        finally
        {
            c.Lock.Release();
        }
    }

    /// <summary>/etc/hostname, /etc/hosts and /etc/resolv.conf for the container (bind-mounted by the runtime).</summary>
    private void WriteEtcFiles(Container c, NetworkPlan network)
    {
        // The network service writes them (and keeps them current on connect and disconnect); --network container:X
        // mounts the other container's.
        if (network.HostsPath is not null || (Networks is not null && Networks.WritesFiles(c))) return;
        var r = c.Record;
        var hc = r.HostConfig;
        string hostname = r.Config.Hostname ?? r.Id[..12];
        Linux.AtomicFile.Write(r.HostnamePath, Encoding.UTF8.GetBytes(hostname + "\n"), (UnixFileMode)0x1A4);
        if (network.ShareHostFiles) return;

        var hosts = new StringBuilder();
        hosts.Append("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n");
        foreach (var extra in hc.ExtraHosts ?? [])
        {
            int sep = extra.IndexOf(':');
            int eq = extra.IndexOf('=');
            int cut = eq > 0 ? eq : sep;
            if (cut <= 0) throw EngineException.Invalid($"invalid extra host: {extra}");
            string name = extra[..cut], ip = extra[(cut + 1)..].Trim('[', ']');
            hosts.Append(ip).Append('\t').Append(name).Append('\n');
        }
        if (network.IPAddress is not null) hosts.Append(network.IPAddress).Append('\t').Append(hostname).Append('\n');
        Linux.AtomicFile.Write(r.HostsPath, Encoding.UTF8.GetBytes(hosts.ToString()), (UnixFileMode)0x1A4);
        Linux.AtomicFile.Write(r.ResolvConfPath, Encoding.UTF8.GetBytes(ResolvConfText(hc)), (UnixFileMode)0x1A4);
    }

    /// <summary>The host's resolv.conf without loopback servers (unreachable from a netns), with --dns overrides.</summary>
    private static string ResolvConfText(Model.HostConfig hc)
    {
        var servers = new List<string>();
        var search = new List<string>();
        var options = new List<string>();
        try
        {
            foreach (var line in File.ReadAllLines("/etc/resolv.conf"))
            {
                var f = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 2) continue;
                switch (f[0])
                {
                    case "nameserver" when !f[1].StartsWith("127.", StringComparison.Ordinal) && f[1] != "::1": servers.Add(f[1]); break;
                    case "search": search.AddRange(f.Skip(1)); break;
                    case "options": options.AddRange(f.Skip(1)); break;
                }
            }
        }
        catch (IOException) { }
        if (hc.Dns is { Count: > 0 }) servers = hc.Dns;
        if (hc.DnsSearch is { Count: > 0 }) search = hc.DnsSearch;
        if (hc.DnsOptions is { Count: > 0 }) options = hc.DnsOptions;
        if (servers.Count == 0) servers = ["8.8.8.8", "8.8.4.4"];
        var sb = new StringBuilder();
        foreach (var s in servers) sb.Append("nameserver ").Append(s).Append('\n');
        if (search.Count > 0) sb.Append("search ").Append(string.Join(' ', search)).Append('\n');
        if (options.Count > 0) sb.Append("options ").Append(string.Join(' ', options)).Append('\n');
        return sb.ToString();
    }
}
