using System.Text.Json;
using Berth.Api.Hijack;
using Berth.Api.Routing;
using Berth.Engine;
using Berth.Engine.Errors;
using Berth.Engine.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Api;

/// <summary>
/// The HTTP face of the daemon: Kestrel on unix sockets (and tcp:// if asked), one dispatcher that strips the
/// /v1.xx prefix, matches a route and maps errors to Docker's JSON error shape.
/// </summary>
public sealed class ApiServer
{
    public const string ServerHeader = "Docker/" + EngineInfo.Version + " (linux)";

    private readonly BerthEngine _engine;
    private readonly Router<Func<ApiContext, Task>> _routes = new();
    private readonly Router<Func<HijackContext, Task>> _hijackRoutes = new();
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _log;

    public ApiServer(BerthEngine engine, ILoggerFactory loggers)
    {
        _engine = engine;
        _loggers = loggers;
        _log = loggers.CreateLogger("api");
        RouteTable.Register(engine, _routes, _hijackRoutes);
    }

    public async Task RunAsync(IReadOnlyList<string> hosts, CancellationToken stop)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggers);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // Tar writers (save, export, cp) write synchronously into the response; they run on pool threads.
            k.AllowSynchronousIO = true;
            k.Limits.MaxRequestBodySize = null;
            k.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(10);
            k.Limits.MinRequestBodyDataRate = null;
            k.Limits.MinResponseDataRate = null;
            foreach (var host in hosts)
            {
                var hijack = new HijackMiddleware(_hijackRoutes, _log).Build();
                if (host.StartsWith("unix://", StringComparison.Ordinal))
                {
                    string path = host["unix://".Length..];
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    if (File.Exists(path)) File.Delete(path);
                    k.ListenUnixSocket(path, o => { o.Protocols = HttpProtocols.Http1; o.Use(hijack); });
                }
                else if (host.StartsWith("tcp://", StringComparison.Ordinal))
                {
                    var uri = new Uri(host);
                    var ip = System.Net.IPAddress.Parse(uri.Host == "localhost" ? "127.0.0.1" : uri.Host);
                    k.Listen(ip, uri.Port, o => { o.Protocols = HttpProtocols.Http1; o.Use(hijack); });
                }
                else throw new ArgumentException($"invalid host \"{host}\": expected unix:///path or tcp://ip:port");
            }
        });
        var app = builder.Build();
        app.Run(DispatchAsync);
        await app.StartAsync(stop);
        foreach (var host in hosts.Where(h => h.StartsWith("unix://", StringComparison.Ordinal)))
            SocketPermissions.Apply(host["unix://".Length..], _engine.Options.SocketGroup);
        _log.LogInformation("API listening on {Hosts}", string.Join(", ", hosts));
        try { await Task.Delay(Timeout.Infinite, stop); } catch (OperationCanceledException) { }
        await app.StopAsync(CancellationToken.None);
    }

    private async Task DispatchAsync(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers["Api-Version"] = ApiVersion.Max.ToString();
        headers["Ostype"] = "linux";
        headers["Server"] = ServerHeader;
        headers["Docker-Experimental"] = "false";

        string? versionError = ApiVersion.Split(http.Request.Path.Value ?? "/", out var version, out string rest);
        if (versionError is not null)
        {
            await WriteErrorAsync(http, 400, versionError);
            return;
        }
        var (handler, values, pathKnown) = _routes.Match(http.Request.Method, rest);
        if (handler is null)
        {
            await WriteErrorAsync(http, pathKnown ? 405 : 404, pathKnown ? "method not allowed" : "page not found");
            return;
        }
        var ctx = new ApiContext(http, version, values);
        try
        {
            await handler(ctx);
        }
        catch (EngineException e)
        {
            if (e.Kind == ErrorKind.NotModified && !http.Response.HasStarted)
            {
                http.Response.StatusCode = 304;
                return;
            }
            if (_engine.Options.Debug || e.Kind == ErrorKind.Internal) _log.LogInformation("{Method} {Path}: {Message}", http.Request.Method, rest, e.Message);
            await WriteErrorAsync(http, ErrorStatus.For(e.Kind), e.Message);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
        {
            await WriteErrorAsync(http, 400, e.Message);
        }
        catch (Exception e)
        {
            _log.LogError(e, "{Method} {Path} failed", http.Request.Method, rest);
            await WriteErrorAsync(http, 500, e.Message);
        }
    }

    private static async Task WriteErrorAsync(HttpContext http, int status, string message)
    {
        if (http.Response.HasStarted)
        {
            // A stream already running: Docker clients read in-band errors in JSON-message streams; elsewhere abort.
            http.Abort();
            return;
        }
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        var bytes = Routing.ApiJson.ToUtf8Bytes(new ErrorResponse { Message = message }, EngineJsonContext.Default.ErrorResponse);
        await http.Response.Body.WriteAsync(bytes);
        await http.Response.Body.WriteAsync("\n"u8.ToArray());
    }
}
