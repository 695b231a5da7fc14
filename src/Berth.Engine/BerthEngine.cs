using Berth.Engine.Containers;
using Berth.Engine.Events;
using Berth.Engine.Exec;
using Berth.Engine.HostInfo;
using Berth.Engine.Images;
using Berth.Engine.Networks;
using Berth.Engine.State;
using Berth.Engine.Volumes;
using Microsoft.Extensions.Logging;

namespace Berth.Engine;

/// <summary>The daemon's core: owns the state store and the services the API calls.</summary>
public sealed class BerthEngine : IAsyncDisposable
{
    public DaemonOptions Options { get; }
    public StateDatabase Database { get; }
    public EventBus Events { get; } = new();
    public HostFacts Host { get; } = new();
    public ILoggerFactory Loggers { get; }
    public string Id { get; }
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public ImageService Images { get; }
    public VolumeService Volumes { get; }
    public NetworkService Networks { get; }
    public ContainerService Containers { get; }
    public ExecService Execs { get; }
    public SystemData.SystemDataService SystemData { get; }
    public Build.BuildService Builds => field ??= new(this);

    public BerthEngine(DaemonOptions options, ILoggerFactory loggers)
    {
        Options = options;
        Loggers = loggers;
        Directory.CreateDirectory(options.DataRoot);
        Directory.CreateDirectory(options.ExecRoot);
        Database = new StateDatabase(options.DatabasePath);
        Id = LoadOrCreateId();
        Images = new ImageService(this);
        Volumes = new VolumeService(this);
        Networks = new NetworkService(this);
        Containers = new ContainerService(this, Images) { Volumes = Volumes, Networks = Networks, Health = new Health.HealthMonitor(this) };
        Execs = new ExecService(this, Containers);
        SystemData = new SystemData.SystemDataService(this);
        Images.ContainersUsing = imageId => Containers.All.Where(c => c.Record.ImageId == imageId).Select(c => c.Id).ToList();
    }

    private string LoadOrCreateId()
    {
        string path = Path.Combine(Options.DataRoot, "engine-id");
        try { return File.ReadAllText(path).Trim(); }
        catch (FileNotFoundException) { }
        string id = Guid.NewGuid().ToString();
        Linux.AtomicFile.Write(path, global::System.Text.Encoding.UTF8.GetBytes(id));
        return id;
    }

    /// <summary>Recovers state left by a previous daemon (shims, mounts, networks) before the API opens.</summary>
    public async Task StartAsync(CancellationToken cancel)
    {
        string shim = Containers.ShimPath;
        if (File.Exists(shim)) InitProgram.Install(Options.ExecRoot, shim);
        // Networking first: it keeps the namespaces and ports of containers that ran, recovery then releases the dead.
        Networks.Start(Containers.All.Where(c => c.IsRunning).Select(c => c.Id).ToList());
        await Containers.RecoverAsync(cancel);
        Containers.Launcher.Warm();
    }

    public Model.SystemInfo SystemInfo() => SystemInfoBuilder.Build(this, Containers.Counts(), Images.Storage.Images.List().Count);

    public ValueTask DisposeAsync()
    {
        Containers.Launcher.Dispose();
        Images.Dispose();
        Networks.Dispose();
        return ValueTask.CompletedTask;
    }
}
