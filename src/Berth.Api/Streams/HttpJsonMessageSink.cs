using System.Text.Json;
using Berth.Engine.Progress;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Streams;

/// <summary>
/// Docker's JSON-message stream on an HTTP response: 200 + application/json sent with the first message, then one
/// object per line, flushed as produced. Errors after that are sent in-band (errorDetail), as the CLI expects.
/// </summary>
public sealed class HttpJsonMessageSink(HttpResponse response, CancellationToken cancel) : IJsonMessageSink
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    public bool Started => response.HasStarted;

    public async ValueTask WriteAsync(JsonMessage message)
    {
        await _lock.WaitAsync(cancel);
        try
        {
            if (!response.HasStarted)
            {
                response.StatusCode = 200;
                response.ContentType = "application/json";
            }
            var bytes = Routing.ApiJson.ToUtf8Bytes(message, ProgressJsonContext.Default.JsonMessage);
            await response.Body.WriteAsync(bytes, cancel);
            await response.Body.WriteAsync("\r\n"u8.ToArray(), cancel);
            await response.Body.FlushAsync(cancel);
        }
        finally { _lock.Release(); }
    }

    /// <summary>Runs a streaming operation: failures before the first message are normal errors, after it in-band.</summary>
    public async Task RunAsync(Func<IJsonMessageSink, Task> operation)
    {
        try
        {
            await operation(this);
            if (!response.HasStarted)
            {
                response.StatusCode = 200;
                response.ContentType = "application/json";
            }
        }
        catch (Exception e) when (response.HasStarted && e is not OperationCanceledException)
        {
            await WriteAsync(JsonMessage.Failure(e.Message));
        }
    }
}
