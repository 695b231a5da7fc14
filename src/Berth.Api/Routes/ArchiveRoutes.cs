using System.Text.Json;
using Berth.Api.Routing;
using Berth.Engine;
using Berth.Engine.Archive;
using Berth.Engine.Containers;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Routes;

/// <summary>docker cp: HEAD/GET/PUT /containers/{id}/archive.</summary>
internal sealed class ArchiveRoutes(BerthEngine engine)
{
    private const string StatHeader = "X-Docker-Container-Path-Stat";
    private ContainerService Containers => engine.Containers;

    public void Register(Router<Func<ApiContext, Task>> r)
    {
        // HEAD first: the router would otherwise give a HEAD to the GET route.
        r.Map("HEAD", "/containers/{id}/archive", StatAsync);
        r.Map("GET", "/containers/{id}/archive", GetAsync);
        r.Map("PUT", "/containers/{id}/archive", PutAsync);
    }

    private static string Encode(PathStat stat) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(stat, ArchiveJsonContext.Default.PathStat));

    private async Task StatAsync(ApiContext c)
    {
        var stat = await Containers.StatPathAsync(c["id"], c.Query("path") ?? "", c.Aborted);
        c.Response.Headers[StatHeader] = Encode(stat);
        c.Response.StatusCode = 200;
    }

    private async Task GetAsync(ApiContext c)
    {
        await using var download = await Containers.OpenArchiveAsync(c["id"], c.Query("path") ?? "", c.Aborted);
        c.Response.Headers[StatHeader] = Encode(download.Stat);
        c.Response.StatusCode = 200;
        c.Response.ContentType = "application/x-tar";
        await c.Response.StartAsync(c.Aborted);
        await download.WriteAsync(c.Response.Body, c.Aborted);
    }

    private async Task PutAsync(ApiContext c)
    {
        await Containers.ExtractToDirAsync(c["id"], c.Query("path") ?? "", c.Request.Body, c.QueryBool("copyUIDGID"),
            c.QueryBool("noOverwriteDirNonDir"), c.Aborted);
        c.Response.StatusCode = 200;
    }
}
