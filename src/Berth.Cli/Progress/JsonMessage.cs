using System.Text.Json;

namespace Berth.Cli.Progress;

/// <summary>One message of a pull/push/build/load progress stream (moby's jsonmessage.JSONMessage).</summary>
public sealed class JsonMessage
{
    public string Stream { get; init; } = "";
    public string Status { get; init; } = "";
    public string Id { get; init; } = "";
    public string From { get; init; } = "";
    public long Time { get; init; }
    public long TimeNano { get; init; }
    /// <summary>progressDetail; null when absent.</summary>
    public ProgressDetail? Progress { get; init; }
    /// <summary>The deprecated pre-rendered "progress" text.</summary>
    public string ProgressMessage { get; init; } = "";
    public string? ErrorMessage { get; init; }
    public int ErrorCode { get; init; }
    /// <summary>The raw "aux" object (build image ID, push digest), or null.</summary>
    public string? Aux { get; init; }

    public static JsonMessage Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        if (r.ValueKind != JsonValueKind.Object) return new JsonMessage();
        string Str(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
        long Num(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l) ? l : 0;
        ProgressDetail? progress = null;
        if (r.TryGetProperty("progressDetail", out var pd) && pd.ValueKind == JsonValueKind.Object)
        {
            progress = new ProgressDetail(Num(pd, "current"), Num(pd, "total"), Num(pd, "start"),
                pd.TryGetProperty("hidecounts", out var hc) && hc.ValueKind == JsonValueKind.True,
                pd.TryGetProperty("units", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() ?? "" : "");
        }
        string? error = null;
        int code = 0;
        if (r.TryGetProperty("errorDetail", out var ed) && ed.ValueKind == JsonValueKind.Object)
        {
            error = ed.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "";
            code = (int)Num(ed, "code");
        }
        return new JsonMessage
        {
            Stream = Str("stream"),
            Status = Str("status"),
            Id = Str("id"),
            From = Str("from"),
            Time = Num(r, "time"),
            TimeNano = Num(r, "timeNano"),
            Progress = progress,
            ProgressMessage = Str("progress"),
            ErrorMessage = error,
            ErrorCode = code,
            Aux = r.TryGetProperty("aux", out var aux) && aux.ValueKind != JsonValueKind.Null ? aux.GetRawText() : null,
        };
    }
}
