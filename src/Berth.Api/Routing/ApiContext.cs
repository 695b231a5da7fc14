using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Berth.Engine.Errors;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Routing;

/// <summary>One API request: the HTTP context, the negotiated version, route values and typed query access.</summary>
public sealed class ApiContext
{
    public HttpContext Http { get; }
    public ApiVersion Version { get; }
    public IReadOnlyDictionary<string, string> Route { get; }

    public ApiContext(HttpContext http, ApiVersion version, IReadOnlyDictionary<string, string> route)
    {
        Http = http;
        Version = version;
        Route = route;
    }

    public CancellationToken Aborted => Http.RequestAborted;
    public HttpRequest Request => Http.Request;
    public HttpResponse Response => Http.Response;

    public string this[string routeValue] => Route[routeValue];

    public string? Query(string name)
    {
        var v = Http.Request.Query[name];
        return v.Count == 0 ? null : v[^1];
    }

    public IReadOnlyList<string> QueryAll(string name) => Http.Request.Query[name].Where(s => s is not null).Select(s => s!).ToList();

    /// <summary>Docker's boolValue: absent, "", "0", "no", "false", "none" are false; anything else is true.</summary>
    public bool QueryBool(string name, bool defaultValue = false)
    {
        string? v = Query(name);
        if (v is null) return defaultValue;
        return !(v.Length == 0 || v == "0" || v.Equals("no", StringComparison.OrdinalIgnoreCase)
            || v.Equals("false", StringComparison.OrdinalIgnoreCase) || v.Equals("none", StringComparison.OrdinalIgnoreCase));
    }

    public int? QueryInt(string name)
    {
        string? v = Query(name);
        if (string.IsNullOrEmpty(v)) return null;
        if (int.TryParse(v, out int i)) return i;
        throw EngineException.Invalid($"invalid value for {name}: {v}");
    }

    public long? QueryLong(string name)
    {
        string? v = Query(name);
        if (string.IsNullOrEmpty(v)) return null;
        if (long.TryParse(v, out long i)) return i;
        throw EngineException.Invalid($"invalid value for {name}: {v}");
    }

    /// <summary>Reads a JSON body; an empty body gives null. Malformed JSON is a 400 that says where.</summary>
    public async Task<T?> ReadJsonAsync<T>(JsonTypeInfo<T> type) where T : class
    {
        using var ms = new MemoryStream();
        await Http.Request.Body.CopyToAsync(ms, Aborted);
        if (ms.Length == 0) return null;
        ms.Position = 0;
        try
        {
            return JsonSerializer.Deserialize(ms, type);
        }
        catch (JsonException e)
        {
            throw EngineException.Invalid(JsonErrors.Describe(e));
        }
    }

    public async Task WriteJsonAsync<T>(T value, JsonTypeInfo<T> type, int status = 200)
    {
        Response.StatusCode = status;
        Response.ContentType = "application/json";
        var bytes = ApiJson.ToUtf8Bytes(value, type);
        Response.ContentLength = bytes.Length + 1;
        await Response.Body.WriteAsync(bytes, Aborted);
        await Response.Body.WriteAsync("\n"u8.ToArray(), Aborted);
    }

    public void NoContent() => Response.StatusCode = 204;
}
