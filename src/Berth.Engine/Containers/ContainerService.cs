using System.Collections.Concurrent;
using Berth.Engine.Errors;
using Berth.Engine.Images;
using Berth.Engine.Shims;
using Berth.Runtime;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Containers;

/// <summary>
/// Containers: create, start, stop, kill, restart, pause, wait, attach, logs, inspect, list, rename, remove.
/// One partial file per concern. Lifecycle operations on one container are serialised by its lock.
/// </summary>
public sealed partial class ContainerService
{
    private readonly BerthEngine _engine;
    private readonly ContainerStore _store;
    private readonly ImageService _images;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, Container> _byId = new();
    private readonly object _namesLock = new();
    private readonly LinuxRuntime _runtime;

    public ContainerService(BerthEngine engine, ImageService images)
    {
        _engine = engine;
        _images = images;
        _store = new ContainerStore(engine.Database);
        _log = engine.Loggers.CreateLogger("containers");
        _runtime = new LinuxRuntime(new RuntimeOptions { Root = RuntimeRoot });
        Launcher = new ShimLauncher(ShimPath, RuntimeRoot) { KeepSpare = engine.Options.SpareShim };
        foreach (var record in _store.LoadAll()) _byId[record.Id] = new Container(record);
    }

    /// <summary>Where berth-runtime state lives (shared by the shims and the daemon's own runtime calls).</summary>
    public string RuntimeRoot => Path.Combine(_engine.Options.ExecRoot, "runtime");

    public IEnumerable<Container> All => _byId.Values;

    /// <summary>Starts shims (keeping one spare started ahead, when the daemon asks for it).</summary>
    internal ShimLauncher Launcher { get; }

    public int Count => _byId.Count;

    /// <summary>Docker's lookup: full id, exact name, then a unique id prefix.</summary>
    public Container Get(string idOrName)
    {
        if (TryGet(idOrName, out var c)) return c!;
        throw EngineException.NotFound($"No such container: {idOrName}");
    }

    public bool TryGet(string idOrName, out Container? container)
    {
        container = null;
        if (string.IsNullOrEmpty(idOrName)) return false;
        string key = idOrName.TrimStart('/');
        if (_byId.TryGetValue(key, out container)) return true;
        container = _byId.Values.FirstOrDefault(c => c.Name == key);
        if (container is not null) return true;
        var matches = _byId.Values.Where(c => c.Id.StartsWith(key, StringComparison.Ordinal)).Take(2).ToList();
        if (matches.Count > 1) throw EngineException.Invalid($"multiple IDs found with provided prefix: {key}");
        container = matches.FirstOrDefault();
        return container is not null;
    }

    private void Save(Container c) => _store.Update(c.Record);

    private void Publish(Container c, string action, Dictionary<string, string>? extra = null)
    {
        var attrs = new Dictionary<string, string>
        {
            ["image"] = c.Record.Config.Image ?? "",
            ["name"] = c.Name,
        };
        foreach (var (k, v) in c.Record.Config.Labels ?? []) attrs[k] = v;
        if (extra is not null) foreach (var (k, v) in extra) attrs[k] = v;
        _engine.Events.Publish("container", action, c.Id, attrs);
    }

    private string ContainerDir(string id) => _engine.Options.ContainerDataDir(id);
    private string RunDir(string id) => _engine.Options.ContainerRunDir(id);
    private string RootfsPath(string id) => Path.Combine(RunDir(id), "rootfs");
    private string BundleDir(string id) => Path.Combine(RunDir(id), "bundle");
    private string ShimSocket(string id) => Path.Combine(RunDir(id), "shim.sock");
    private string ExitFile(string id) => Path.Combine(RunDir(id), "exit.json");

    /// <summary>(total, running, paused, stopped) for /info.</summary>
    public (int Total, int Running, int Paused, int Stopped) Counts()
    {
        int running = 0, paused = 0, stopped = 0;
        foreach (var c in _byId.Values)
        {
            switch (c.Record.State.Status)
            {
                case "running" or "restarting": running++; break;
                case "paused": paused++; break;
                default: stopped++; break;
            }
        }
        return (_byId.Count, running, paused, stopped);
    }
}
