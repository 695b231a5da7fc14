using Berth.Engine.Containers;
using Berth.Engine.Errors;
using Berth.Engine.Filtering;
using Berth.Engine.Model;
using Berth.Engine.Volumes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Engine.Tests.Volumes;

/// <summary>The local volume driver's list filters, prune rules and --volumes-from, on an engine in a temporary directory.</summary>
public sealed class VolumeServiceTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine5-volumes-").FullName;
    private readonly BerthEngine _engine;

    public VolumeServiceTests()
    {
        _engine = new BerthEngine(new DaemonOptions { DataRoot = Path.Combine(_dir, "data"), ExecRoot = Path.Combine(_dir, "run") }, NullLoggerFactory.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private VolumeService V => _engine.Volumes;

    private List<string> Names(string filters) => V.ListApi(Filters.Parse(filters)).Volumes!.Select(v => v.Name!).ToList();

    [Fact]
    public void ListFiltersByNameLabelDriverAndDangling()
    {
        V.Create("web-data", "local", null, new() { ["app"] = "web" });
        V.Create("db-data", "local", null, new() { ["app"] = "db", ["tier"] = "2" });
        var anon = V.Create(null, "local", null, null);
        Assert.Equal(3, Names("").Count);
        Assert.Equal(["web-data"], Names("""{"name":{"web":true}}"""));
        Assert.Equal(["db-data", "web-data"], Names("""{"name":["-data$"]}""").Order().ToList());
        Assert.Equal(["db-data"], Names("""{"label":{"app=db":true}}"""));
        Assert.Equal([anon.Name], Names("""{"label":{"com.docker.volume.anonymous":true}}"""));
        Assert.Equal(3, Names("""{"dangling":["true"]}""").Count);
        Assert.Empty(Names("""{"dangling":["false"]}"""));
        Assert.Empty(Names("""{"driver":["nfs"]}"""));
        var e = Assert.Throws<EngineException>(() => Names("""{"size":["1"]}"""));
        Assert.Equal("invalid filter 'size'", e.Message);
    }

    [Fact]
    public void InspectShowsTheAnonymousLabel()
    {
        var anon = V.Create(null, "local", null, null);
        var api = V.InspectApi(anon.Name);
        Assert.True(api.Labels!.ContainsKey(VolumeService.AnonymousLabel));
        Assert.Equal("local", api.Scope);
        Assert.Equal(V.DataPath(anon.Name), api.Mountpoint);
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<EngineException>(() => V.InspectApi("nope")).Kind);
    }

    [Fact]
    public void PruneTakesAnonymousVolumesUnlessAllIsSet()
    {
        V.Create("named", "local", null, new() { ["keep"] = "yes" });
        var anon = V.Create(null, "local", null, null);
        File.WriteAllBytes(Path.Combine(V.DataPath(anon.Name), "f"), new byte[1234]);
        V.Create("opts", "local", new() { ["type"] = "tmpfs", ["device"] = "tmpfs" }, null);
        var report = V.Prune(Filters.Empty, onlyAnonymousByDefault: true);
        Assert.Equal([anon.Name], report.VolumesDeleted);
        Assert.Equal(1234, report.SpaceReclaimed);
        Assert.Empty(V.Prune(Filters.Parse("""{"all":["true"],"label":["keep=no"]}"""), true).VolumesDeleted);
        Assert.Empty(V.Prune(Filters.Parse("""{"all":["true"],"label!":["keep"]}"""), true).VolumesDeleted);
        Assert.Equal(["named"], V.Prune(Filters.Parse("""{"all":["1"]}"""), true).VolumesDeleted);
        // Volumes with driver options are never pruned.
        Assert.NotNull(V.TryGet("opts"));
        Assert.Throws<EngineException>(() => V.Prune(Filters.Parse("""{"until":["1h"]}"""), true));
    }

    [Fact]
    public void OldApiVersionsPruneNamedVolumesToo()
    {
        V.Create("named", "local", null, null);
        Assert.Equal(["named"], V.Prune(Filters.Empty, onlyAnonymousByDefault: false).VolumesDeleted);
    }

    [Fact]
    public void VolumesFromCopiesMountsReadOnlyWhenAsked()
    {
        var source = new List<PlannedMount>
        {
            new() { Type = "bind", Source = "/srv", Destination = "/srv", Propagation = "rprivate" },
            new() { Type = "tmpfs", Destination = "/run/x" },
        };
        var created = new List<string>();
        var plan = MountPlanner.Plan(new HostConfig { VolumesFrom = ["other:ro"], Binds = ["/opt:/opt"] }, new ContainerConfig(), V, created,
            name => name == "other" ? source : throw EngineException.NotFound($"No such container: {name}"));
        var copied = Assert.Single(plan, m => m.Destination == "/srv");
        Assert.True(copied.ReadOnly);
        Assert.True(copied.NoCopy);
        Assert.DoesNotContain(plan, m => m.Destination == "/run/x");
        Assert.Throws<EngineException>(() => MountPlanner.Plan(new HostConfig { VolumesFrom = ["other:rx"] }, new ContainerConfig(), V, created, _ => source));
        // An explicit bind of the same destination wins over the copied one.
        plan = MountPlanner.Plan(new HostConfig { VolumesFrom = ["other"], Binds = ["/data:/srv"] }, new ContainerConfig(), V, created, _ => source);
        Assert.Equal("/data", Assert.Single(plan, m => m.Destination == "/srv").Source);
    }
}
