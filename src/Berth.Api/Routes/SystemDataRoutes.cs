using Berth.Api.Routing;
using Berth.Engine;
using Berth.Engine.Filtering;
using Berth.Engine.SystemData;

namespace Berth.Api.Routes;

/// <summary>GET /system/df and the prunes of containers, images and the build cache (volume prune is in VolumeRoutes).</summary>
internal sealed class SystemDataRoutes(BerthEngine engine)
{
    private SystemDataService Data => engine.SystemData;

    public void Register(Router<Func<ApiContext, Task>> r)
    {
        r.Map("GET", "/system/df", async c =>
            await c.WriteJsonAsync(await Data.DiskUsageAsync(c.QueryAll("type"), c.Aborted), SystemDataJsonContext.Default.SystemDiskUsage));
        r.Map("POST", "/containers/prune", async c =>
            await c.WriteJsonAsync(await Data.PruneContainersAsync(Filters.Parse(c.Query("filters")), c.Aborted), SystemDataJsonContext.Default.ContainerPruneReport));
        r.Map("POST", "/images/prune", async c =>
            await c.WriteJsonAsync(await Data.PruneImagesAsync(Filters.Parse(c.Query("filters")), c.Aborted), SystemDataJsonContext.Default.ImagePruneReport));
        r.Map("POST", "/build/prune", async c =>
        {
            long keep = c.QueryLong("keep-storage") ?? c.QueryLong("reserved-space") ?? 0;
            var report = await Data.PruneBuildCacheAsync(Filters.Parse(c.Query("filters")), c.QueryBool("all"), keep, c.Aborted);
            await c.WriteJsonAsync(report, SystemDataJsonContext.Default.BuildCachePruneReport);
        });
    }
}
