using Berth.Engine.Errors;
using Berth.Linux;
using Berth.Linux.Netlink;
using Berth.Network;
using Berth.Network.Ipam;
using Berth.Network.State;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Networks;

/// <summary>
/// Networks of the daemon (the predefined bridge, host and none, and user-defined bridges) and the network side of
/// containers, on top of Berth.Network's <see cref="NetworkManager"/>. Partial by concern: this file owns the
/// manager's lifecycle, lookups and error translation; .Api serves /networks; .Containers is what ContainerService
/// calls around a container's runs; .Settings builds inspect's NetworkSettings and ps's ports.
/// </summary>
public sealed partial class NetworkService : IDisposable
{
    private readonly BerthEngine _engine;
    private readonly ILogger _log;
    private NetworkManager? _manager;
    private string? _unavailable = "networking has not been started";

    public NetworkService(BerthEngine engine)
    {
        _engine = engine;
        _log = engine.Loggers.CreateLogger("network");
    }

    /// <summary>False when the network manager could not start (no nftables, no netlink): bridge networks then fail
    /// with the reason, while host and none still work through the runtime's own namespaces.</summary>
    public bool Available => _manager is not null;

    /// <summary>
    /// Starts the network manager before containers are recovered: it reconciles the kernel with its records, keeping
    /// the namespaces, veths, ports and DNS of <paramref name="liveContainerIds"/> (containers the store says are
    /// running) and releasing everything else. A failure is logged, not fatal: see <see cref="Available"/>.
    /// </summary>
    public void Start(IEnumerable<string> liveContainerIds)
    {
        var o = _engine.Options;
        try
        {
            var pools = o.DefaultAddressPools.Select(AddressPool.Parse).ToList();
            var options = new NetworkManagerOptions
            {
                DataDir = Path.Combine(o.DataRoot, "network"),
                RunDir = Path.Combine(o.ExecRoot, "network"),
                Tag = TagFor(o.BridgeName),
                DefaultBridgeName = o.BridgeName,
                DefaultBridgeAddress = string.IsNullOrEmpty(o.Bip) ? null : o.Bip,
                DefaultAddressPools = pools.Count > 0 ? pools : AddressPool.Defaults,
                Logger = _engine.Loggers.CreateLogger("network"),
            };
            _manager = NetworkManager.Start(options, liveContainerIds);
            _unavailable = null;
            _log.LogInformation("networking started: default bridge {Bridge} ({Subnet}), nftables table inet {Table}",
                o.BridgeName, _manager.FindNetwork("bridge")?.Subnets.FirstOrDefault()?.Subnet ?? "?", options.Tag);
        }
        catch (Exception e) when (e is NetworkException or SyscallException or NftablesException or IOException or UnauthorizedAccessException)
        {
            _unavailable = $"networking is unavailable: {e.Message}";
            _log.LogError("{Message}", _unavailable);
        }
    }

    /// <summary>
    /// The tag that names this daemon's kernel objects (nftables table, link aliases). Daemons on one host need
    /// different default bridges anyway, so the tag follows the bridge: "berth" for berth0, "berth_X" for bridge X.
    /// </summary>
    internal static string TagFor(string bridge)
    {
        if (bridge == DaemonOptions.DefaultBridgeName) return "berth";
        var chars = bridge.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '_').ToArray();
        return "berth_" + new string(chars);
    }

    private NetworkManager Manager => _manager ?? throw new EngineException(ErrorKind.Unavailable, _unavailable ?? "networking is unavailable");

    /// <summary>True when a network of that id, name or unique id prefix exists (and for the predefined names).</summary>
    public bool Exists(string idOrName) =>
        _manager is null ? idOrName is "bridge" or "host" or "none" : _manager.FindNetwork(idOrName) is not null;

    /// <summary>A network by id, name or unique id prefix; Docker's 404 otherwise.</summary>
    internal NetworkRecord Require(string idOrName) =>
        Manager.FindNetwork(idOrName) ?? throw EngineException.NotFound($"network {idOrName} not found");

    internal NetworkRecord? Find(string idOrName) => _manager?.FindNetwork(idOrName);

    /// <summary>network connect/disconnect/create/destroy events, with Docker's attributes (name, type, container).</summary>
    private void Publish(NetworkRecord n, string action, string? containerId = null)
    {
        var attrs = new Dictionary<string, string> { ["name"] = n.Name, ["type"] = n.Driver };
        if (containerId is not null) attrs["container"] = containerId;
        _engine.Events.Publish("network", action, n.Id, attrs);
    }

    /// <summary>Runs a library call and turns its failures into the engine's errors (kind → HTTP status in one place).</summary>
    private static T Call<T>(Func<T> operation, string? prefix = null)
    {
        try
        {
            return operation();
        }
        catch (NetworkException e)
        {
            throw Translate(e, prefix);
        }
        catch (SyscallException e)
        {
            throw EngineException.Internal(prefix + e.Message, e);
        }
        catch (NftablesException e)
        {
            throw EngineException.Internal(prefix + "nftables: " + e.Message, e);
        }
    }

    private static void Call(Action operation, string? prefix = null) => Call(() => { operation(); return 0; }, prefix);

    internal static EngineException Translate(NetworkException e, string? prefix = null)
    {
        var kind = e.Kind switch
        {
            NetworkErrorKind.NotFound => ErrorKind.NotFound,
            NetworkErrorKind.AlreadyExists => ErrorKind.AlreadyExists,
            NetworkErrorKind.Conflict => ErrorKind.Conflict,
            NetworkErrorKind.InvalidArgument => ErrorKind.InvalidArgument,
            NetworkErrorKind.FailedPrecondition => ErrorKind.PermissionDenied,
            NetworkErrorKind.Unavailable => ErrorKind.Unavailable,
            _ => ErrorKind.Internal,
        };
        return new EngineException(kind, prefix + e.Message, e);
    }

    public void Dispose()
    {
        // Sockets and placeholders close; the kernel objects (bridges, veths, rules) stay for live restore.
        _manager?.Dispose();
        _manager = null;
    }
}
