using System.Text.Json.Serialization;

namespace Berth.Oci.Runtime;

/// <summary>Source-generated JSON for the runtime spec types (camelCase as the spec writes them).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = false)]
[JsonSerializable(typeof(RuntimeSpec))]
[JsonSerializable(typeof(ContainerState))]
[JsonSerializable(typeof(List<ContainerState>))]
[JsonSerializable(typeof(RuntimeFeatures))]
[JsonSerializable(typeof(RuntimeProcess))]
[JsonSerializable(typeof(LinuxResources))]
[JsonSerializable(typeof(LinuxSeccomp))]
public sealed partial class RuntimeJsonContext : JsonSerializerContext;
