using System.Text.Json.Serialization;
using Berth.Engine.Volumes;

namespace Berth.Engine.SystemData;

/// <summary>Source-generated JSON for the disk-usage and prune answers (shapes not in the generated API model).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(VolumePruneReport))]
[JsonSerializable(typeof(ContainerPruneReport))]
[JsonSerializable(typeof(ImagePruneReport))]
[JsonSerializable(typeof(BuildCachePruneReport))]
[JsonSerializable(typeof(SystemDiskUsage))]
public sealed partial class SystemDataJsonContext : JsonSerializerContext;
