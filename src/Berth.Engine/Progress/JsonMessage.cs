using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Engine.Progress;

/// <summary>One object of Docker's JSON-message stream (pull, push, load, import, build).</summary>
public sealed class JsonMessage
{
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("progressDetail")] public ProgressDetail? ProgressDetail { get; set; }
    [JsonPropertyName("progress")] public string? Progress { get; set; }
    [JsonPropertyName("stream")] public string? Stream { get; set; }
    [JsonPropertyName("aux")] public JsonElement? Aux { get; set; }
    [JsonPropertyName("errorDetail")] public ErrorDetail? ErrorDetail { get; set; }
    [JsonPropertyName("error")] public string? Error { get; set; }

    public static JsonMessage Failure(string message) => new() { ErrorDetail = new ErrorDetail { Message = message }, Error = message };
}

public sealed class ProgressDetail
{
    [JsonPropertyName("current")] public long? Current { get; set; }
    [JsonPropertyName("total")] public long? Total { get; set; }
}

public sealed class ErrorDetail
{
    [JsonPropertyName("code")] public int? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
}

/// <summary>Where an operation writes its progress; the API turns it into the HTTP stream.</summary>
public interface IJsonMessageSink
{
    ValueTask WriteAsync(JsonMessage message);
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonMessage))]
[JsonSerializable(typeof(PushAux))]
[JsonSerializable(typeof(IdAux))]
public sealed partial class ProgressJsonContext : JsonSerializerContext;

public sealed class PushAux
{
    public string Tag { get; set; } = "";
    public string Digest { get; set; } = "";
    public long Size { get; set; }
}

public sealed class IdAux
{
    public string ID { get; set; } = "";
}
