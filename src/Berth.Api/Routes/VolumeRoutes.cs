using Berth.Api.Routing;
using Berth.Engine;
using Berth.Engine.Filtering;
using Berth.Engine.Model;
using Berth.Engine.SystemData;
using Berth.Engine.Volumes;

namespace Berth.Api.Routes;

/// <summary>/volumes: list, inspect, create, remove, prune (the local driver).</summary>
internal sealed class VolumeRoutes(BerthEngine engine)
{
    private VolumeService Volumes => engine.Volumes;

    public void Register(Router<Func<ApiContext, Task>> r)
    {
        r.Map("GET", "/volumes", c => c.WriteJsonAsync(Volumes.ListApi(Filters.Parse(c.Query("filters"))), EngineJsonContext.Default.VolumeListResponse));
        r.Map("POST", "/volumes/create", async c =>
        {
            var options = await c.ReadJsonAsync(EngineJsonContext.Default.VolumeCreateOptions);
            await c.WriteJsonAsync(Volumes.CreateApi(options), EngineJsonContext.Default.Volume, 201);
        });
        r.Map("POST", "/volumes/prune", c =>
        {
            // Before API 1.42 every unused volume was pruned; since then only anonymous ones unless all=true.
            var report = Volumes.Prune(Filters.Parse(c.Query("filters")), onlyAnonymousByDefault: c.Version >= new ApiVersion(1, 42));
            return c.WriteJsonAsync(report, SystemDataJsonContext.Default.VolumePruneReport);
        });
        r.Map("GET", "/volumes/{name}", c => c.WriteJsonAsync(Volumes.InspectApi(c["name"]), EngineJsonContext.Default.Volume));
        r.Map("DELETE", "/volumes/{name}", c =>
        {
            Volumes.RemoveApi(c["name"], c.QueryBool("force"));
            c.NoContent();
            return Task.CompletedTask;
        });
    }
}
