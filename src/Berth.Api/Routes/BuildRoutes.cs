using System.Text;
using System.Text.Json;
using Berth.Api.Routing;
using Berth.Api.Streams;
using Berth.Engine;
using Berth.Engine.Build;
using Berth.Engine.Errors;
using Berth.Registry.Auth;

namespace Berth.Api.Routes;

/// <summary>/build (the classic builder API the docker CLI uses without BuildKit); /build/prune is SystemDataRoutes' (the build service plugs into it).</summary>
internal sealed class BuildRoutes(BerthEngine engine)
{
    private BuildService Builds => engine.Builds;

    public void Register(Router<Func<ApiContext, Task>> r)
    {
        _ = Builds; // created at start: it hides intermediate images from image lists
        r.Map("POST", "/build", BuildAsync);
        r.Map("POST", "/build/cancel", c =>
        {
            c.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
    }

    private Task BuildAsync(ApiContext c)
    {
        var options = new BuildOptions
        {
            Dockerfile = c.Query("dockerfile") ?? "Dockerfile",
            Tags = c.QueryAll("t"),
            ExtraHosts = c.QueryAll("extrahosts"),
            Remote = c.Query("remote"),
            Quiet = c.QueryBool("q"),
            NoCache = c.QueryBool("nocache"),
            Pull = c.QueryBool("pull"),
            Remove = c.Query("rm") is null || c.QueryBool("rm"),
            ForceRemove = c.QueryBool("forcerm"),
            Memory = c.QueryLong("memory"),
            MemorySwap = c.QueryLong("memswap"),
            CpuShares = c.QueryLong("cpushares"),
            CpusetCpus = c.Query("cpusetcpus"),
            CpusetMems = c.Query("cpusetmems"),
            CpuPeriod = c.QueryLong("cpuperiod"),
            CpuQuota = c.QueryLong("cpuquota"),
            ShmSize = c.QueryLong("shmsize"),
            CgroupParent = c.Query("cgroupparent"),
            BuildArgs = JsonMap(c.Query("buildargs"), "build args"),
            Labels = JsonMap(c.Query("labels"), "labels")
                .Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!),
            NetworkMode = c.Query("networkmode"),
            Platform = c.Query("platform"),
            Target = c.Query("target"),
            Squash = c.QueryBool("squash"),
            Version = c.Query("version"),
            Auth = RegistryConfig(c.Request.Headers["X-Registry-Config"]),
            Secrets = Secrets(c.Request.Headers["X-Berth-Build-Secrets"]),
        };
        var sink = new HttpJsonMessageSink(c.Response, c.Aborted);
        return sink.RunAsync(s => Builds.BuildAsync(options, c.Request.Body, s, () => sink.Started, c.Aborted));
    }

    private static Dictionary<string, string?> JsonMap(string? json, string what)
    {
        var map = new Dictionary<string, string?>();
        if (string.IsNullOrEmpty(json)) return map;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw EngineException.Invalid($"error reading {what}: expected a JSON object");
            foreach (var p in doc.RootElement.EnumerateObject())
                map[p.Name] = p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText();
        }
        catch (JsonException e) { throw EngineException.Invalid($"error reading {what}: {e.Message}"); }
        return map;
    }

    /// <summary>X-Registry-Config: base64url JSON map of registry → AuthConfig.</summary>
    private static Dictionary<string, AuthConfig> RegistryConfig(string? header)
    {
        var result = new Dictionary<string, AuthConfig>();
        if (string.IsNullOrWhiteSpace(header)) return result;
        try
        {
            string b64 = header.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            using var doc = JsonDocument.Parse(Convert.FromBase64String(b64));
            foreach (var p in doc.RootElement.EnumerateObject())
                if (JsonSerializer.Deserialize(p.Value.GetRawText(), RegistryJson.Default.AuthConfig) is { } auth) result[p.Name] = auth;
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException) { }
        return result;
    }

    /// <summary>X-Berth-Build-Secrets: base64 JSON map of secret id → base64 value (the classic API has no session to carry them).</summary>
    private static Dictionary<string, byte[]> Secrets(string? header)
    {
        var result = new Dictionary<string, byte[]>();
        if (string.IsNullOrWhiteSpace(header)) return result;
        try
        {
            using var doc = JsonDocument.Parse(Convert.FromBase64String(header));
            foreach (var p in doc.RootElement.EnumerateObject()) result[p.Name] = Convert.FromBase64String(p.Value.GetString() ?? "");
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            throw EngineException.Invalid("X-Berth-Build-Secrets: expected base64 of a JSON object of base64 values");
        }
        return result;
    }
}
