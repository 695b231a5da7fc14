using System.Text;
using System.Text.Json;
using Berth.Api.Routing;
using Berth.Engine.Errors;
using Berth.Engine.Events;
using Berth.Engine.Filtering;
using Microsoft.AspNetCore.Http;
using Berth.Engine;
using Berth.Engine.Model;

namespace Berth.Api.Routes;

/// <summary>/_ping, /version, /info, /events.</summary>
internal sealed class SystemRoutes(BerthEngine engine)
{
    public void Register(Router<Func<ApiContext, Task>> r)
    {
        r.Map("GET", "/_ping", PingAsync);
        r.Map("HEAD", "/_ping", PingAsync);
        r.Map("GET", "/version", VersionAsync);
        r.Map("GET", "/info", InfoAsync);
        r.Map("GET", "/events", EventsAsync);
    }

    private static async Task PingAsync(ApiContext c)
    {
        var h = c.Response.Headers;
        h["Builder-Version"] = "1";
        h["Swarm"] = "inactive";
        h["Cache-Control"] = "no-cache, no-store, must-revalidate";
        h["Pragma"] = "no-cache";
        c.Response.ContentType = "text/plain; charset=utf-8";
        if (c.Request.Method == "HEAD")
        {
            c.Response.ContentLength = 0;
            return;
        }
        c.Response.ContentLength = 2;
        await c.Response.WriteAsync("OK");
    }

    private Task VersionAsync(ApiContext c)
    {
        var host = engine.Host;
        var v = new SystemVersion
        {
            Platform = new SystemVersionPlatform { Name = "Berth Engine" },
            Components =
            [
                new SystemVersionComponentsItem
                {
                    Name = "Engine", Version = EngineInfo.Version,
                    Details = new Dictionary<string, JsonElement>
                    {
                        ["ApiVersion"] = JsonSerializer.SerializeToElement(EngineInfo.ApiVersion, EngineJsonContext.Default.String),
                        ["MinAPIVersion"] = JsonSerializer.SerializeToElement(EngineInfo.MinApiVersion, EngineJsonContext.Default.String),
                        ["GitCommit"] = JsonSerializer.SerializeToElement(EngineInfo.GitCommit, EngineJsonContext.Default.String),
                        ["Os"] = JsonSerializer.SerializeToElement("linux", EngineJsonContext.Default.String),
                        ["Arch"] = JsonSerializer.SerializeToElement(host.GoArch, EngineJsonContext.Default.String),
                        ["KernelVersion"] = JsonSerializer.SerializeToElement(host.KernelVersion, EngineJsonContext.Default.String),
                    },
                },
            ],
            Version = EngineInfo.Version,
            ApiVersion = EngineInfo.ApiVersion,
            MinAPIVersion = EngineInfo.MinApiVersion,
            GitCommit = EngineInfo.GitCommit,
            GoVersion = "dotnet" + Environment.Version,
            Os = "linux",
            Arch = host.GoArch,
            KernelVersion = host.KernelVersion,
            BuildTime = "",
        };
        return c.WriteJsonAsync(v, EngineJsonContext.Default.SystemVersion);
    }

    private Task InfoAsync(ApiContext c) => c.WriteJsonAsync(engine.SystemInfo(), EngineJsonContext.Default.SystemInfo);

    private async Task EventsAsync(ApiContext c)
    {
        var filters = Filters.Parse(c.Query("filters"));
        long? since = Timestamps.ParseToNanos(c.Query("since"));
        long? until = Timestamps.ParseToNanos(c.Query("until"));
        if (since is not null && until is not null && until < since)
            throw EngineException.Invalid($"`since` time ({c.Query("since")}) cannot be after `until` time ({c.Query("until")})");
        var (past, live, subscription) = engine.Events.Subscribe(since ?? (until is not null ? 0 : null));
        using var _ = subscription;
        c.Response.ContentType = "application/json";
        await c.Response.StartAsync(c.Aborted);
        await c.Response.Body.FlushAsync(c.Aborted);

        async Task<bool> WriteAsync(EventMessage e)
        {
            if (until is not null && e.TimeNano > until) return false;
            if (!EventFilter.Matches(filters, e)) return true;
            var bytes = Routing.ApiJson.ToUtf8Bytes(e, EngineJsonContext.Default.EventMessage);
            await c.Response.Body.WriteAsync(bytes, c.Aborted);
            await c.Response.Body.WriteAsync("\n"u8.ToArray(), c.Aborted);
            await c.Response.Body.FlushAsync(c.Aborted);
            return true;
        }

        foreach (var e in past)
            if (!await WriteAsync(e)) return;
        if (until is not null && until <= Timestamps.NowNanos()) return;

        using var untilTimer = until is null ? null : new CancellationTokenSource(TimeSpan.FromTicks(Math.Max(0, (until.Value - Timestamps.NowNanos()) / 100)));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(c.Aborted, untilTimer?.Token ?? CancellationToken.None);
        try
        {
            await foreach (var e in live.ReadAllAsync(linked.Token))
                if (!await WriteAsync(e)) return;
        }
        catch (OperationCanceledException) { }
    }
}
