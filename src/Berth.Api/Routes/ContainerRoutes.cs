using System.Text.Json;
using Berth.Api.Hijack;
using Berth.Api.Routing;
using Berth.Engine;
using Berth.Engine.Containers;
using Berth.Engine.Errors;
using Berth.Engine.Filtering;
using Berth.Engine.Model;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Routes;

/// <summary>/containers/…: create, list, inspect, start, stop, restart, kill, pause, wait, resize, rename, remove, logs, attach.</summary>
internal sealed class ContainerRoutes(BerthEngine engine)
{
    private ContainerService Containers => engine.Containers;

    public void Register(Router<Func<ApiContext, Task>> r, Router<Func<HijackContext, Task>> hijack)
    {
        r.Map("POST", "/containers/create", CreateAsync);
        r.Map("GET", "/containers/json", ListAsync);
        r.Map("GET", "/containers/{id}/json", InspectAsync);
        r.Map("POST", "/containers/{id}/start", c => Void(c, Containers.StartAsync(c["id"], c.Aborted)));
        r.Map("POST", "/containers/{id}/stop", c => Void(c, Containers.StopAsync(c["id"], c.QueryInt("t"), c.Query("signal"), c.Aborted)));
        r.Map("POST", "/containers/{id}/restart", c => Void(c, Containers.RestartAsync(c["id"], c.QueryInt("t"), c.Query("signal"), c.Aborted)));
        r.Map("POST", "/containers/{id}/kill", c => Void(c, Containers.KillAsync(c["id"], c.Query("signal"), c.Aborted)));
        r.Map("POST", "/containers/{id}/pause", c => Void(c, Containers.PauseAsync(c["id"], c.Aborted)));
        r.Map("POST", "/containers/{id}/unpause", c => Void(c, Containers.UnpauseAsync(c["id"], c.Aborted)));
        r.Map("POST", "/containers/{id}/wait", WaitAsync);
        r.Map("POST", "/containers/{id}/resize", ResizeAsync);
        r.Map("POST", "/containers/{id}/rename", c => { Containers.Rename(c["id"], c.Query("name") ?? ""); c.NoContent(); return Task.CompletedTask; });
        r.Map("DELETE", "/containers/{id}", c => Void(c, Containers.RemoveAsync(c["id"], c.QueryBool("force"), c.QueryBool("v"), c.Aborted)));
        r.Map("GET", "/containers/{id}/logs", LogsAsync);
        hijack.Map("POST", "/containers/{id}/attach", AttachAsync);
    }

    private static async Task Void(ApiContext c, Task operation)
    {
        await operation;
        c.NoContent();
    }

    private async Task CreateAsync(ApiContext c)
    {
        using var ms = new MemoryStream();
        await c.Request.Body.CopyToAsync(ms, c.Aborted);
        if (ms.Length == 0) throw EngineException.Invalid("invalid JSON: the request body is empty");
        ContainerConfig config;
        CreateBodyExtras extras;
        try
        {
            config = JsonSerializer.Deserialize(ms.ToArray(), EngineJsonContext.Default.ContainerConfig) ?? new();
            extras = JsonSerializer.Deserialize(ms.ToArray(), ApiJsonContext.Default.CreateBodyExtras) ?? new();
        }
        catch (JsonException e) { throw EngineException.Invalid(JsonErrors.Describe(e)); }
        var (id, warnings) = await Containers.CreateAsync(c.Query("name"), config, extras.HostConfig, extras.NetworkingConfig, c.Query("platform"), c.Aborted);
        await c.WriteJsonAsync(new ContainerCreateResponse { Id = id, Warnings = warnings }, EngineJsonContext.Default.ContainerCreateResponse, 201);
    }

    private Task ListAsync(ApiContext c)
    {
        var list = Containers.List(c.QueryBool("all"), c.QueryInt("limit"), c.QueryBool("size"), Filters.Parse(c.Query("filters")));
        return c.WriteJsonAsync(list, EngineJsonContext.Default.ListContainerSummary);
    }

    private Task InspectAsync(ApiContext c) =>
        c.WriteJsonAsync(Containers.Inspect(Containers.Get(c["id"]), c.QueryBool("size")), EngineJsonContext.Default.ContainerInspectResponse);

    /// <summary>The status line and headers go out at once (docker run waits for them before it starts the container).</summary>
    private async Task WaitAsync(ApiContext c)
    {
        var container = Containers.Get(c["id"]);
        var task = Containers.WaitAsync(container, c.Query("condition"), c.Aborted);
        c.Response.StatusCode = 200;
        c.Response.ContentType = "application/json";
        await c.Response.StartAsync(c.Aborted);
        await c.Response.Body.FlushAsync(c.Aborted);
        var exit = await task;
        var response = new WaitResponse { StatusCode = exit.ExitCode, Error = exit.Error is null ? null : new WaitError { Message = exit.Error } };
        await c.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(response, ApiJsonContext.Default.WaitResponse), c.Aborted);
        await c.Response.Body.WriteAsync("\n"u8.ToArray(), c.Aborted);
    }

    private async Task ResizeAsync(ApiContext c)
    {
        int h = c.QueryInt("h") ?? 0, w = c.QueryInt("w") ?? 0;
        if (h < 0 || w < 0) throw EngineException.Invalid("invalid resize: height and width must be positive");
        await Containers.ResizeAsync(c["id"], h, w, c.Aborted);
        c.Response.StatusCode = 200;
    }

    private async Task LogsAsync(ApiContext c)
    {
        var container = Containers.Get(c["id"]);
        bool raw = container.Record.Config.Tty == true;
        var options = new LogOptions
        {
            Stdout = c.QueryBool("stdout"),
            Stderr = c.QueryBool("stderr"),
            Follow = c.QueryBool("follow"),
            Timestamps = c.QueryBool("timestamps"),
            SinceNanos = Timestamps.ParseToNanos(c.Query("since")) is long s && s > 0 ? s : null,
            UntilNanos = Timestamps.ParseToNanos(c.Query("until")) is long u && u > 0 ? u : null,
            Tail = c.Query("tail") is { } t && t != "all" ? (int.TryParse(t, out int n) ? n : throw EngineException.Invalid($"invalid tail value: {t}")) : null,
            Raw = raw,
        };
        if (!options.Stdout && !options.Stderr) throw EngineException.Invalid("Bad parameters: you must choose at least one stream");
        c.Response.StatusCode = 200;
        c.Response.ContentType = raw || c.Version < new ApiVersion(1, 42) ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
        await c.Response.StartAsync(c.Aborted);
        await Containers.WriteLogsAsync(container, c.Response.Body, options, c.Aborted);
    }

    private async Task AttachAsync(HijackContext h)
    {
        var container = Containers.Get(h.Route["id"]);
        bool raw = container.Record.Config.Tty == true;
        var options = new AttachOptions
        {
            Stdin = h.QueryBool("stdin"),
            Stdout = h.QueryBool("stdout"),
            Stderr = h.QueryBool("stderr"),
            Logs = h.QueryBool("logs"),
            Stream = h.QueryBool("stream"),
            Raw = raw,
            DetachKeys = ContainerService.ParseDetachKeys(h.QueryValue("detachKeys")),
        };
        if (container.Record.State.Status == "paused") throw EngineException.Conflict($"You cannot attach to a paused container, unpause it first");
        string contentType = raw || h.Version < new ApiVersion(1, 42) ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
        var stream = (DuplexPipeStream)await h.UpgradeAsync(contentType);
        try
        {
            await Containers.AttachAsync(container, stream, options, h.Aborted);
        }
        finally
        {
            await stream.CompleteAsync();
        }
    }
}
