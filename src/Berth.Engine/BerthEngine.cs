using Berth.Engine.Events;
using Berth.Engine.State;
using Berth.Engine.HostInfo;
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

    public BerthEngine(DaemonOptions options, ILoggerFactory loggers)
    {
        Options = options;
        Loggers = loggers;
        Directory.CreateDirectory(options.DataRoot);
        Directory.CreateDirectory(options.ExecRoot);
        Database = new StateDatabase(options.DatabasePath);
        Id = LoadOrCreateId();
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
    public Task StartAsync(CancellationToken cancel) => Task.CompletedTask;

    public Model.SystemInfo SystemInfo() => SystemInfoBuilder.Build(this, (0, 0, 0, 0), 0);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
