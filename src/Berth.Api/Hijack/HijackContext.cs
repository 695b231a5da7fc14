using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Berth.Api.Routing;
using Berth.Engine.Errors;

namespace Berth.Api.Hijack;

/// <summary>
/// A request whose connection Berth takes over from Kestrel (attach, exec start): the parsed request head and body,
/// and the raw connection, on which the handler writes the "101 UPGRADED" head and then streams.
/// </summary>
public sealed class HijackContext
{
    private readonly IDuplexPipe _transport;
    private bool _responded;

    public string Method { get; }
    public string Path { get; }
    public ApiVersion Version { get; }
    public IReadOnlyDictionary<string, string> Route { get; }
    public IReadOnlyDictionary<string, List<string>> Query { get; }
    public IReadOnlyDictionary<string, string> Headers { get; }
    public byte[] Body { get; }
    public CancellationToken Aborted { get; }

    public HijackContext(IDuplexPipe transport, string method, string path, ApiVersion version,
        IReadOnlyDictionary<string, string> route, IReadOnlyDictionary<string, List<string>> query,
        IReadOnlyDictionary<string, string> headers, byte[] body, CancellationToken aborted)
    {
        _transport = transport;
        Method = method;
        Path = path;
        Version = version;
        Route = route;
        Query = query;
        Headers = headers;
        Body = body;
        Aborted = aborted;
    }

    public bool WantsUpgrade => Headers.TryGetValue("upgrade", out var u) && u.Length > 0;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var v) && v.Count > 0 ? v[^1] : null;

    public bool QueryBool(string name, bool defaultValue = false)
    {
        string? v = QueryValue(name);
        if (v is null) return defaultValue;
        return !(v.Length == 0 || v == "0" || v.Equals("no", StringComparison.OrdinalIgnoreCase)
            || v.Equals("false", StringComparison.OrdinalIgnoreCase) || v.Equals("none", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Answers with an ordinary JSON error (before any hijack) and closes the connection.</summary>
    public async Task RespondErrorAsync(int status, string message)
    {
        if (_responded) return;
        _responded = true;
        byte[] body = Routing.ApiJson.ToUtf8Bytes(new Engine.Model.ErrorResponse { Message = message }, Engine.EngineJsonContext.Default.ErrorResponse);
        string head = $"HTTP/1.1 {status} {ReasonPhrase(status)}\r\nContent-Type: application/json\r\nApi-Version: {ApiVersion.Max}\r\n"
            + $"Ostype: linux\r\nServer: {ApiServer.ServerHeader}\r\nContent-Length: {body.Length + 1}\r\nConnection: close\r\n\r\n";
        await _transport.Output.WriteAsync(Encoding.ASCII.GetBytes(head), Aborted);
        await _transport.Output.WriteAsync(body, Aborted);
        await _transport.Output.WriteAsync("\n"u8.ToArray(), Aborted);
        await _transport.Output.FlushAsync(Aborted);
    }

    /// <summary>An ordinary (non-upgraded) response with a body, then the connection closes.</summary>
    public async Task RespondAsync(int status, string contentType, byte[] body)
    {
        if (_responded) return;
        _responded = true;
        string head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : status == 204 ? "No Content" : ReasonPhrase(status))}\r\nContent-Type: {contentType}\r\nApi-Version: {ApiVersion.Max}\r\n"
            + $"Ostype: linux\r\nServer: {ApiServer.ServerHeader}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await _transport.Output.WriteAsync(Encoding.ASCII.GetBytes(head), Aborted);
        if (body.Length > 0) await _transport.Output.WriteAsync(body, Aborted);
        await _transport.Output.FlushAsync(Aborted);
    }

    public Task RespondErrorAsync(EngineException e) => RespondErrorAsync(ErrorStatus.For(e.Kind), e.Message);

    /// <summary>
    /// Writes the upgrade head (101 when the client asked for an upgrade, else 200 as moby does) and returns the
    /// connection as a two-way stream: reads give the client's stdin, writes go to the client.
    /// </summary>
    public async Task<Stream> UpgradeAsync(string contentType)
    {
        _responded = true;
        string head = WantsUpgrade
            ? $"HTTP/1.1 101 UPGRADED\r\nContent-Type: {contentType}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nApi-Version: {ApiVersion.Max}\r\nOstype: linux\r\nServer: {ApiServer.ServerHeader}\r\n\r\n"
            : $"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nApi-Version: {ApiVersion.Max}\r\nOstype: linux\r\nServer: {ApiServer.ServerHeader}\r\nConnection: close\r\n\r\n";
        await _transport.Output.WriteAsync(Encoding.ASCII.GetBytes(head), Aborted);
        await _transport.Output.FlushAsync(Aborted);
        return new DuplexPipeStream(_transport);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        400 => "Bad Request", 404 => "Not Found", 409 => "Conflict", 500 => "Internal Server Error",
        501 => "Not Implemented", 503 => "Service Unavailable", _ => "Error",
    };
}
