using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Berth.Linux.Namespaces;
using Berth.Linux.Netlink;
using Berth.Network.Dns;
using Berth.Network.Firewall;
using Berth.Network.Ports;
using Berth.Network.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Network;

/// <summary>
/// Owns the lifecycles of networks and of containers' network sides (sandboxes): bridges, veth pairs, addresses,
/// routes, the nftables table, published ports, the embedded DNS, and the /etc files. One instance per daemon,
/// created by <see cref="Start"/>, which reconciles the kernel with the records first. Thread-safe: operations are
/// serialised (they are short: a connect is a few netlink round trips).
/// </summary>
public sealed partial class NetworkManager : IDisposable
{
    private readonly NetworkManagerOptions _options;
    private readonly ILogger _log;
    private readonly NetworkStore _store;
    private readonly RouteNetlink _host;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NetworkRecord> _networks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxRuntime> _sandboxes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UInt128> _lastAllocated = new(StringComparer.Ordinal);
    private readonly DnsForwarder _forwarder = new();
    private readonly IptablesForwardRules _iptables;
    private long _sequence;
    private bool _disposed;

    private NetworkManager(NetworkManagerOptions options)
    {
        _options = options;
        _log = options.Logger ?? NullLogger.Instance;
        _store = new NetworkStore(options.DataDir, options.RunDir);
        _host = RouteNetlink.Open();
        _iptables = new IptablesForwardRules(options.Tag);
        _dns = new DnsSnapshot();
    }

    public NetworkManagerOptions Options => _options;

    /// <summary>The nftables table Berth owns (family inet).</summary>
    public string TableName => _options.Tag;

    /// <summary>
    /// Loads the records, reconciles the kernel with them and returns the running manager: sandboxes of containers
    /// not in <paramref name="liveContainerIds"/> are torn down, leftover bridges and veths (recognised by their
    /// alias) removed, bridges of existing networks re-created if missing, the nftables table rewritten, ports
    /// re-reserved and DNS servers restarted. Creates the predefined networks <c>bridge</c>, <c>host</c> and
    /// <c>none</c> the first time.
    /// </summary>
    public static NetworkManager Start(NetworkManagerOptions options, IEnumerable<string> liveContainerIds)
    {
        var manager = new NetworkManager(options);
        try
        {
            manager.Reconcile(liveContainerIds.ToHashSet(StringComparer.Ordinal));
            return manager;
        }
        catch
        {
            manager.Dispose();
            throw;
        }
    }

    /// <summary>State that lives only while the daemon runs: open namespace, sockets, port placeholders.</summary>
    private sealed class SandboxRuntime(SandboxRecord record)
    {
        public SandboxRecord Record = record;
        public NetworkNamespace? Netns;
        public RouteNetlink? Netlink;
        public SandboxResolver? Resolver;
        public List<PortReservation> Reservations = [];
        /// <summary>The endpoint whose gateway is the default route now (null: none).</summary>
        public string? GatewayEndpointId;

        public RouteNetlink Inside => Netlink ??= Netns!.OpenRouteNetlink();

        public void Close()
        {
            if (Resolver is not null)
            {
                Resolver.DisposeAsync().AsTask().GetAwaiter().GetResult();
                Resolver = null;
            }
            foreach (var r in Reservations) r.Dispose();
            Reservations.Clear();
            Netlink?.Dispose();
            Netlink = null;
            Netns?.Dispose();
            Netns = null;
        }
    }

    // ---- lookups ----

    /// <summary>A network by full id, name, or unique id prefix; null when none.</summary>
    public NetworkRecord? FindNetwork(string idOrName)
    {
        lock (_gate) return Find(idOrName);
    }

    public NetworkRecord GetNetwork(string idOrName) =>
        FindNetwork(idOrName) ?? throw NetworkException.NotFound($"network {idOrName} not found");

    public IReadOnlyList<NetworkRecord> ListNetworks()
    {
        lock (_gate) return _networks.Values.OrderBy(n => n.Created).ThenBy(n => n.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>The containers attached to a network (inspect's Containers).</summary>
    public IReadOnlyList<NetworkEndpoint> ListEndpoints(string networkIdOrName)
    {
        lock (_gate)
        {
            var net = Require(networkIdOrName);
            return _sandboxes.Values
                .SelectMany(s => s.Record.Endpoints.Where(e => e.NetworkId == net.Id).Select(e => new NetworkEndpoint(s.Record.ContainerId, s.Record.ContainerName, e)))
                .ToList();
        }
    }

    public SandboxRecord? GetSandbox(string containerId)
    {
        lock (_gate) return _sandboxes.TryGetValue(containerId, out var s) ? s.Record : null;
    }

    public IReadOnlyList<SandboxRecord> ListSandboxes()
    {
        lock (_gate) return _sandboxes.Values.Select(s => s.Record).ToList();
    }

    private NetworkRecord? Find(string idOrName)
    {
        if (_networks.TryGetValue(idOrName, out var byId)) return byId;
        var byName = _networks.Values.FirstOrDefault(n => n.Name == idOrName);
        if (byName is not null) return byName;
        if (idOrName.Length == 0) return null;
        var byPrefix = _networks.Values.Where(n => n.Id.StartsWith(idOrName, StringComparison.Ordinal)).ToList();
        return byPrefix.Count == 1 ? byPrefix[0] : null;
    }

    private NetworkRecord Require(string idOrName) => Find(idOrName) ?? throw NetworkException.NotFound($"network {idOrName} not found");

    private SandboxRuntime RequireSandbox(string containerId) =>
        _sandboxes.TryGetValue(containerId, out var s) ? s : throw NetworkException.NotFound($"no network sandbox for container {containerId}");

    // ---- small helpers ----

    private static string RandomHex(int chars) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes((chars + 1) / 2))[..chars];

    internal static string NewId() => RandomHex(64);

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;

    /// <summary>A random locally administered unicast MAC.</summary>
    internal static byte[] RandomMac()
    {
        byte[] mac = RandomNumberGenerator.GetBytes(6);
        mac[0] = (byte)((mac[0] & 0xfe) | 0x02);
        return mac;
    }

    internal static string FormatMac(byte[] mac) => string.Join(':', mac.Select(b => b.ToString("x2")));

    internal static byte[] ParseMac(string text)
    {
        string[] parts = text.Split(':', '-');
        if (parts.Length != 6) throw NetworkException.Invalid($"invalid mac address: {text}");
        var mac = new byte[6];
        for (int i = 0; i < 6; i++)
        {
            if (parts[i].Length != 2 || !byte.TryParse(parts[i], System.Globalization.NumberStyles.HexNumber, null, out mac[i]))
                throw NetworkException.Invalid($"invalid mac address: {text}");
        }
        if ((mac[0] & 1) != 0) throw NetworkException.Invalid($"invalid mac address: {text}: multicast");
        return mac;
    }

    private void WriteSysctl(string path, string value, bool logChange)
    {
        string full = "/proc/sys/" + path.Replace('.', '/');
        string previous = "";
        try { previous = File.ReadAllText(full).Trim(); } catch (IOException) { }
        if (previous == value) return;
        File.WriteAllText(full, value);
        if (logChange) NetworkLog.ForwardingEnabled(_log, path, previous);
    }

    /// <summary>Writes a per-interface sysctl (interface names may contain dots, so no dotted form).</summary>
    private static void WriteInterfaceSysctl(string family, string @interface, string key, string value)
    {
        string full = $"/proc/sys/net/{family}/conf/{@interface}/{key}";
        try
        {
            if (File.ReadAllText(full).Trim() != value) File.WriteAllText(full, value);
        }
        catch (IOException) { }
    }

    private static AddressFamily FamilyOf(string cidr) => cidr.Contains(':') ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var s in _sandboxes.Values) s.Close();
            _host.Dispose();
        }
    }
}
