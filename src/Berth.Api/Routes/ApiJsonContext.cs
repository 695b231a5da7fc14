using System.Text.Json.Serialization;
using Berth.Engine.Model;

namespace Berth.Api.Routes;

/// <summary>The parts of POST /containers/create that are not ContainerConfig.</summary>
internal sealed class CreateBodyExtras
{
    public HostConfig? HostConfig { get; set; }
    public NetworkingConfig? NetworkingConfig { get; set; }
}

internal sealed class WaitError
{
    public string? Message { get; set; }
}

internal sealed class WaitResponse
{
    public long StatusCode { get; set; }
    public WaitError? Error { get; set; }
}

[JsonSerializable(typeof(CreateBodyExtras))]
[JsonSerializable(typeof(WaitResponse))]
[JsonSerializable(typeof(List<ImageHistoryItem>))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
