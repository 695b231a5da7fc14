using System.Text.Json;
using Berth.Build.Execution;
using Berth.Engine.Progress;

namespace Berth.Engine.Build;

/// <summary>
/// Build progress as Docker's JSON messages: stream text (stderr wrapped in red, as the classic builder does),
/// pull status lines, the aux image ID. With -q everything is held back: shown only if the build fails.
/// </summary>
internal sealed class JsonBuildOutput(IJsonMessageSink sink, bool quiet) : IBuildOutput
{
    private readonly List<JsonMessage> _held = new();
    private readonly Lock _lock = new();

    public bool Quiet => quiet;

    public static JsonMessage Convert(BuildMessage m)
    {
        if (m.AuxId is { } id)
            return new JsonMessage { Aux = JsonSerializer.SerializeToElement(new IdAux { ID = id }, ProgressJsonContext.Default.IdAux) };
        if (m.Stream is { } text)
            return new JsonMessage { Stream = m.IsStderr ? "\u001b[91m" + text + "\u001b[0m" : text };
        return new JsonMessage
        {
            Status = m.Status, Id = m.Id, Progress = m.Progress,
            ProgressDetail = m.Current is not null || m.Total is not null ? new ProgressDetail { Current = m.Current, Total = m.Total } : null,
        };
    }

    public ValueTask WriteAsync(BuildMessage message)
    {
        var json = Convert(message);
        if (quiet)
        {
            lock (_lock) _held.Add(json);
            return ValueTask.CompletedTask;
        }
        return sink.WriteAsync(json);
    }

    /// <summary>After a failure in quiet mode: what the build printed, so the error has its context.</summary>
    public async Task FlushHeldAsync()
    {
        List<JsonMessage> held;
        lock (_lock)
        {
            held = _held.ToList();
            _held.Clear();
        }
        foreach (var m in held) await sink.WriteAsync(m);
    }
}
