using System.Text.Json.Serialization;

namespace Berth.Runtime.Seccomp;

/// <summary>Source-generated JSON for Docker's seccomp profile format (camelCase, as moby writes it).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(DockerSeccompProfile))]
public sealed partial class DockerSeccompJsonContext : JsonSerializerContext;
