using System.Text.Json.Serialization;

namespace Berth.Engine.Build;

/// <summary>POST /build/prune's answer (Docker's BuildCachePruneReport).</summary>
public sealed class BuildPruneReport
{
    [JsonPropertyName("CachesDeleted")] public List<string> CachesDeleted { get; set; } = new();
    [JsonPropertyName("SpaceReclaimed")] public long SpaceReclaimed { get; set; }
}

[JsonSerializable(typeof(BuildPruneReport))]
[JsonSerializable(typeof(List<Model.BuildCache>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, string?>))]
public sealed partial class BuildJsonContext : JsonSerializerContext;
