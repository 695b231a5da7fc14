using System.Text.Json;
using Berth.Api.Routing;
using Berth.Engine;
using Berth.Engine.Containers;
using Berth.Engine.Errors;
using Berth.Engine.Model;

namespace Berth.Api.Routes;

/// <summary>/containers/{id}/changes, /export, /stats, /top, /update and POST /commit.</summary>
internal sealed class ContainerDataRoutes(BerthEngine engine)
{
    private ContainerService Containers => engine.Containers;

    public void Register(Router<Func<ApiContext, Task>> r)
    {
        r.Map("GET", "/containers/{id}/changes", c => c.WriteJsonAsync(Containers.Changes(c["id"]), EngineJsonContext.Default.ListFilesystemChange));
        r.Map("GET", "/containers/{id}/export", ExportAsync);
        r.Map("GET", "/containers/{id}/stats", StatsAsync);
        r.Map("GET", "/containers/{id}/top", async c =>
            await c.WriteJsonAsync(await Containers.TopAsync(c["id"], c.Query("ps_args"), c.Aborted), EngineJsonContext.Default.ContainerTopResponse));
        r.Map("POST", "/containers/{id}/update", UpdateAsync);
        r.Map("POST", "/commit", CommitAsync);
    }

    private Task ExportAsync(ApiContext c) => Containers.ExportAsync(c["id"], async () =>
    {
        c.Response.StatusCode = 200;
        c.Response.ContentType = "application/x-tar";
        await c.Response.StartAsync(c.Aborted);
    }, c.Response.Body, c.Aborted);

    private async Task StatsAsync(ApiContext c)
    {
        bool stream = c.QueryBool("stream", defaultValue: true);
        bool oneShot = c.QueryBool("one-shot");
        if (oneShot && stream) throw EngineException.Invalid("cannot have stream=true and one-shot=true");
        Containers.Get(c["id"]);
        c.Response.StatusCode = 200;
        c.Response.ContentType = "application/json";
        await c.Response.StartAsync(c.Aborted);
        try
        {
            await Containers.StatsAsync(c["id"], stream, oneShot, async s =>
            {
                await c.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(s, EngineJsonContext.Default.ContainerStatsResponse), c.Aborted);
                await c.Response.Body.WriteAsync("\n"u8.ToArray(), c.Aborted);
                await c.Response.Body.FlushAsync(c.Aborted);
            }, c.Aborted);
        }
        catch (OperationCanceledException) when (c.Aborted.IsCancellationRequested) { }
    }

    private async Task UpdateAsync(ApiContext c)
    {
        var update = await c.ReadJsonAsync(EngineJsonContext.Default.HostConfig) ?? new HostConfig();
        var warnings = await Containers.UpdateAsync(c["id"], update, c.Aborted);
        await c.WriteJsonAsync(new ContainerUpdateResponse { Warnings = warnings }, EngineJsonContext.Default.ContainerUpdateResponse);
    }

    private async Task CommitAsync(ApiContext c)
    {
        string container = c.Query("container") ?? "";
        if (container.Length == 0) throw EngineException.Invalid("container is required");
        var config = await c.ReadJsonAsync(EngineJsonContext.Default.ContainerConfig);
        var id = await Containers.CommitAsync(container, new CommitRequest
        {
            Repo = c.Query("repo"),
            Tag = c.Query("tag"),
            Comment = c.Query("comment"),
            Author = c.Query("author"),
            Pause = c.QueryBool("pause", defaultValue: true),
            Changes = c.QueryAll("changes").SelectMany(s => s.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList(),
            Config = config,
        }, c.Aborted);
        await c.WriteJsonAsync(new IDResponse { Id = id }, EngineJsonContext.Default.IDResponse, 201);
    }
}
