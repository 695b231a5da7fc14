using Berth.Api.Routing;
using Berth.Api.Streams;
using Berth.Engine;
using Berth.Engine.Errors;
using Berth.Engine.Filtering;
using Berth.Engine.Images;

namespace Berth.Api.Routes;

/// <summary>/images/…: list, pull/import, inspect, history, tag, remove, push, save, load.</summary>
internal sealed class ImageRoutes(BerthEngine engine)
{
    private ImageService Images => engine.Images;

    public void Register(Router<Func<ApiContext, Task>> r)
    {
        r.Map("GET", "/images/json", async c =>
            await c.WriteJsonAsync(await Images.ListAsync(c.QueryBool("all"), Filters.Parse(c.Query("filters")), c.QueryBool("containers"), c.Aborted),
                EngineJsonContext.Default.ListImageSummary));
        r.Map("POST", "/images/create", CreateAsync);
        r.Map("POST", "/images/load", LoadAsync);
        r.Map("GET", "/images/get", c => SaveAsync(c, c.QueryAll("names")));
        r.Map("GET", "/images/{name*}/get", c => SaveAsync(c, [c["name"]]));
        r.Map("GET", "/images/{name*}/json", async c =>
            await c.WriteJsonAsync(await Images.InspectAsync(c["name"], c.Aborted), EngineJsonContext.Default.ImageInspect));
        r.Map("GET", "/images/{name*}/history", async c =>
            await c.WriteJsonAsync(await Images.HistoryAsync(c["name"], c.Aborted), ApiJsonContext.Default.ListImageHistoryItem));
        r.Map("POST", "/images/{name*}/tag", c =>
        {
            Images.Tag(c["name"], c.Query("repo"), c.Query("tag"));
            c.Response.StatusCode = 201;
            return Task.CompletedTask;
        });
        r.Map("POST", "/images/{name*}/push", c =>
            new HttpJsonMessageSink(c.Response, c.Aborted).RunAsync(sink =>
                Images.PushAsync(c["name"], c.Query("tag"), RegistryAuthHeader.Parse(c.Request.Headers["X-Registry-Auth"]), sink, c.Aborted)));
        r.Map("DELETE", "/images/{name*}", c =>
            c.WriteJsonAsync(Images.Remove(c["name"], c.QueryBool("force"), c.QueryBool("noprune")), EngineJsonContext.Default.ListImageDeleteResponseItem));
    }

    private Task CreateAsync(ApiContext c)
    {
        string? fromImage = c.Query("fromImage");
        string? fromSrc = c.Query("fromSrc");
        var sink = new HttpJsonMessageSink(c.Response, c.Aborted);
        if (!string.IsNullOrEmpty(fromImage))
        {
            return sink.RunAsync(s => Images.PullAsync(fromImage, c.Query("tag"), c.Query("platform"),
                RegistryAuthHeader.Parse(c.Request.Headers["X-Registry-Auth"]), s, c.Aborted));
        }
        if (fromSrc == "-")
        {
            var changes = c.QueryAll("changes");
            return sink.RunAsync(s => Images.ImportAsync(c.Request.Body, c.Query("repo"), c.Query("tag"), c.Query("message"), changes, c.Query("platform"), s, c.Aborted));
        }
        if (!string.IsNullOrEmpty(fromSrc)) throw EngineException.NotImplemented("importing from a URL is not supported; pipe the tarball with fromSrc=-");
        throw EngineException.Invalid("either fromImage or fromSrc is required");
    }

    private Task LoadAsync(ApiContext c)
    {
        var sink = new HttpJsonMessageSink(c.Response, c.Aborted);
        return sink.RunAsync(s => Images.LoadAsync(c.Request.Body, c.QueryBool("quiet"), s, c.Aborted));
    }

    private async Task SaveAsync(ApiContext c, IReadOnlyList<string> names)
    {
        if (names.Count == 0) throw EngineException.Invalid("no images named");
        foreach (var n in names) Images.Resolve(n);
        c.Response.StatusCode = 200;
        c.Response.ContentType = "application/x-tar";
        await Images.SaveAsync(names, c.Response.Body, c.Aborted);
    }
}
