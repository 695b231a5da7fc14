using System.Text;
using System.Text.Json;
using Berth.Api.Hijack;
using Berth.Api.Routing;
using Berth.Engine;
using Berth.Engine.Errors;
using Berth.Engine.Exec;
using Berth.Engine.Model;

namespace Berth.Api.Routes;

/// <summary>POST /containers/{id}/exec, POST /exec/{id}/start (hijacked), /exec/{id}/resize, GET /exec/{id}/json.</summary>
internal sealed class ExecRoutes(BerthEngine engine)
{
    private ExecService Execs => engine.Execs;

    public void Register(Router<Func<ApiContext, Task>> r, Router<Func<HijackContext, Task>> hijack)
    {
        r.Map("POST", "/containers/{id}/exec", async c =>
        {
            var body = await c.ReadJsonAsync(ExecJsonContext.Default.ExecCreateRequest) ?? throw EngineException.Invalid("invalid JSON: the request body is empty");
            string id = Execs.Create(c["id"], body);
            await c.WriteJsonAsync(new IDResponse { Id = id }, EngineJsonContext.Default.IDResponse, 201);
        });
        r.Map("GET", "/exec/{id}/json", c => c.WriteJsonAsync(Execs.Inspect(c["id"]), ExecJsonContext.Default.ExecInspectResponse));
        r.Map("POST", "/exec/{id}/resize", async c =>
        {
            await Execs.ResizeAsync(c["id"], c.QueryInt("h") ?? 0, c.QueryInt("w") ?? 0, c.Aborted);
            c.Response.StatusCode = 200;
        });
        hijack.Map("POST", "/exec/{id}/start", StartAsync);
    }

    private async Task StartAsync(HijackContext h)
    {
        ExecStartRequest start;
        try
        {
            start = h.Body.Length == 0 ? new ExecStartRequest() : JsonSerializer.Deserialize(h.Body, ExecJsonContext.Default.ExecStartRequest) ?? new ExecStartRequest();
        }
        catch (JsonException e) { throw EngineException.Invalid(JsonErrors.Describe(e)); }
        var exec = Execs.PrepareStart(h.Route["id"]);
        if (start.Detach == true)
        {
            await Execs.RunAsync(exec, start, null, h.Aborted);
            await h.RespondAsync(200, "application/json", []);
            return;
        }
        bool tty = exec.Config.Tty == true;
        string contentType = tty || h.Version < new ApiVersion(1, 42) ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
        var stream = (DuplexPipeStream)await h.UpgradeAsync(contentType);
        try
        {
            await Execs.RunAsync(exec, start, stream, h.Aborted);
        }
        finally
        {
            await stream.CompleteAsync();
        }
    }
}
