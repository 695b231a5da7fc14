using System.Text.Json.Serialization;
using Berth.Engine.Containers;
using Berth.Engine.Model;

namespace Berth.Engine;

/// <summary>Source-generated JSON for the Docker API model and the daemon's own records (names kept as declared).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    PropertyNameCaseInsensitive = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ContainerRecord))]
[JsonSerializable(typeof(ContainerConfig))]
[JsonSerializable(typeof(HostConfig))]
[JsonSerializable(typeof(ContainerInspectResponse))]
[JsonSerializable(typeof(List<ContainerSummary>))]
[JsonSerializable(typeof(ContainerCreateResponse))]
[JsonSerializable(typeof(ContainerWaitResponse))]
[JsonSerializable(typeof(ContainerUpdateResponse))]
[JsonSerializable(typeof(ContainerTopResponse))]
[JsonSerializable(typeof(ContainerStatsResponse))]
[JsonSerializable(typeof(List<FilesystemChange>))]
[JsonSerializable(typeof(ImageInspect))]
[JsonSerializable(typeof(List<ImageSummary>))]
[JsonSerializable(typeof(List<ImageDeleteResponseItem>))]
[JsonSerializable(typeof(SystemVersion))]
[JsonSerializable(typeof(SystemInfo))]
[JsonSerializable(typeof(EventMessage))]
[JsonSerializable(typeof(Volume))]
[JsonSerializable(typeof(VolumeCreateOptions))]
[JsonSerializable(typeof(VolumeListResponse))]
[JsonSerializable(typeof(NetworkResource))]
[JsonSerializable(typeof(List<NetworkResource>))]
[JsonSerializable(typeof(NetworkCreateResponse))]
[JsonSerializable(typeof(AuthConfig))]
[JsonSerializable(typeof(IDResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(CreateImageInfo))]
[JsonSerializable(typeof(PushImageInfo))]
[JsonSerializable(typeof(BuildInfo))]
[JsonSerializable(typeof(ProcessConfig))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, List<string>>))]
[JsonSerializable(typeof(Dictionary<string, Dictionary<string, bool>>))]
[JsonSerializable(typeof(List<string>))]
public sealed partial class EngineJsonContext : JsonSerializerContext;
