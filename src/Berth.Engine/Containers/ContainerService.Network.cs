using System.Text;
using Berth.Engine.Errors;

namespace Berth.Engine.Containers;

/// <summary>How a container's network is set up for one run.</summary>
public sealed record NetworkPlan(string? NamespacePath, bool NewNamespace, bool ShareHostFiles, string? IPAddress);

public sealed partial class ContainerService
{
    /// <summary>Network namespace and endpoints for the run: host (none), none (own netns), container:X, bridge networks.</summary>
    private async Task<NetworkPlan> PrepareNetworkAsync(Container c, CancellationToken cancel)
    {
        string mode = c.Record.HostConfig.NetworkMode ?? "bridge";
        if (mode == "host") return new NetworkPlan(null, false, true, null);
        if (mode == "none") return new NetworkPlan(null, true, false, null);
        if (mode.StartsWith("container:", StringComparison.Ordinal)) return new NetworkPlan(null, false, false, null);
        if (Networks is not null) return await Networks.ConnectForStartAsync(c, cancel);
        return new NetworkPlan(null, true, false, null);
    }

    private void ReleaseNetwork(Container c)
    {
        try { Networks?.DisconnectAfterStop(c); }
        catch (Exception e) { _log_Warning($"network cleanup of {c.Id}: {e.Message}"); }
    }

    private void _log_Warning(string message) => Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(_log, "{Message}", message);

    /// <summary>/etc/hostname, /etc/hosts and /etc/resolv.conf for the container (bind-mounted by the runtime).</summary>
    private void WriteEtcFiles(Container c, NetworkPlan network)
    {
        var r = c.Record;
        var hc = r.HostConfig;
        string hostname = r.Config.Hostname ?? r.Id[..12];
        if (hc.NetworkMode?.StartsWith("container:", StringComparison.Ordinal) == true)
        {
            var other = Get(hc.NetworkMode["container:".Length..]);
            foreach (var (from, to) in new[] { (other.Record.HostsPath, r.HostsPath), (other.Record.ResolvConfPath, r.ResolvConfPath), (other.Record.HostnamePath, r.HostnamePath) })
                if (File.Exists(from)) File.Copy(from, to, overwrite: true);
            return;
        }
        Linux.AtomicFile.Write(r.HostnamePath, Encoding.UTF8.GetBytes(hostname + "\n"), (UnixFileMode)0x1A4);
        if (network.ShareHostFiles) return;

        if (Networks is not null && Networks.WritesFiles(c)) return;
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
