using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Berth.Api.Routing;
using Berth.Engine.Errors;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Hijack;

/// <summary>
/// Kestrel connection middleware. It reads the head of a connection's first request without consuming it; when that
/// request is a hijackable endpoint (attach, exec start) it serves the whole connection itself — Kestrel refuses to
/// upgrade a request that has a body, and the docker CLI's exec start always sends one — otherwise it hands the
/// connection to Kestrel untouched. The docker client dials a fresh connection for every hijacked request.
/// </summary>
public sealed class HijackMiddleware
{
    private const int MaxHead = 64 * 1024;
    private readonly Router<Func<HijackContext, Task>> _routes;
    private readonly ILogger _log;

    public HijackMiddleware(Router<Func<HijackContext, Task>> hijackRoutes, ILogger log)
    {
        _routes = hijackRoutes;
        _log = log;
    }

    public Func<ConnectionDelegate, ConnectionDelegate> Build() => next => async connection =>
    {
        var input = connection.Transport.Input;
        HeadInfo? head = null;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(connection.ConnectionClosed);
                var buffer = result.Buffer;
                long end = FindHeadEnd(buffer);
                if (end >= 0)
                {
                    head = ParseHead(buffer.Slice(0, end));
                    input.AdvanceTo(buffer.Start, buffer.Start);
                    break;
                }
                if (result.IsCompleted || buffer.Length > MaxHead)
                {
                    input.AdvanceTo(buffer.Start, buffer.Start);
                    break;
                }
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (head is null || !TryRoute(head, out var handler, out var version, out var route, out var versionError))
        {
            await next(connection);
            return;
        }

        await ServeAsync(connection, head, handler!, version, route!, versionError);
    };

    private async Task ServeAsync(ConnectionContext connection, HeadInfo head, Func<HijackContext, Task> handler,
        ApiVersion version, Dictionary<string, string> route, string? versionError)
    {
        var input = connection.Transport.Input;
        // Consume the head and the body (Content-Length; the docker CLI never chunks these small JSON bodies).
        long bodyLength = head.Headers.TryGetValue("content-length", out var cl) && long.TryParse(cl, out long n) ? n : 0;
        byte[] body = new byte[bodyLength];
        long need = head.Length + bodyLength;
        while (true)
        {
            var result = await input.ReadAsync(connection.ConnectionClosed);
            if (result.Buffer.Length >= need || result.IsCompleted)
            {
                var buffer = result.Buffer;
                long have = Math.Min(need, buffer.Length);
                if (have > head.Length) buffer.Slice(head.Length, have - head.Length).CopyTo(body);
                input.AdvanceTo(buffer.GetPosition(have));
                break;
            }
            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        int q = head.Target.IndexOf('?');
        var query = q < 0 ? new Dictionary<string, List<string>>()
            : QueryHelpers.ParseQuery(head.Target[q..]).ToDictionary(kv => kv.Key, kv => kv.Value.Where(s => s is not null).Select(s => s!).ToList());
        // Not connection.ConnectionClosed: Kestrel fires it when the client half-closes (CloseWrite), which the docker CLI
        // does as soon as it has no more stdin — while it still waits for the container's output.
        var ctx = new HijackContext(connection.Transport, head.Method, head.Path, version, route, query, head.Headers, body, CancellationToken.None);
        try
        {
            if (versionError is not null)
            {
                await ctx.RespondErrorAsync(400, versionError);
                return;
            }
            await handler(ctx);
        }
        catch (EngineException e)
        {
            await ctx.RespondErrorAsync(e);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ConnectionResetException)
        {
            // The client went away mid-stream: nothing to answer.
        }
        catch (Exception e)
        {
            _log.LogError(e, "hijacked {Method} {Path} failed", head.Method, head.Path);
            await ctx.RespondErrorAsync(500, e.Message);
        }
        finally
        {
            try { await connection.Transport.Output.CompleteAsync(); } catch { }
        }
    }

    private bool TryRoute(HeadInfo head, out Func<HijackContext, Task>? handler, out ApiVersion version,
        out Dictionary<string, string>? route, out string? versionError)
    {
        handler = null;
        route = null;
        versionError = ApiVersion.Split(head.Path, out version, out string rest);
        var (h, values, _) = _routes.Match(head.Method, rest);
        if (h is null) return false;
        route = values;
        handler = h;
        return true;
    }

    private static long FindHeadEnd(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8, advancePastDelimiter: true))
            return reader.Consumed;
        return -1;
    }

    private static HeadInfo? ParseHead(ReadOnlySequence<byte> head)
    {
        string text = Encoding.Latin1.GetString(head.ToArray());
        var lines = text.Split("\r\n");
        var first = lines[0].Split(' ');
        if (first.Length < 3 || !first[2].StartsWith("HTTP/1.", StringComparison.Ordinal)) return null;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0) continue;
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        string target = first[1];
        int q = target.IndexOf('?');
        string path = q < 0 ? target : target[..q];
        return new HeadInfo(first[0], target, path, headers, head.Length);
    }

    private sealed record HeadInfo(string Method, string Target, string Path, Dictionary<string, string> Headers, long Length);
}
