using System.Text.Json.Serialization;
using Berth.Oci.Runtime;
using Berth.Runtime.Init;
using Berth.Runtime.State;

namespace Berth.Runtime.Json;

/// <summary>Source-generated JSON for the runtime's own files and messages.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(ContainerRecord))]
[JsonSerializable(typeof(InitConfig))]
[JsonSerializable(typeof(RuntimeState))]
[JsonSerializable(typeof(List<RuntimeState>))]
[JsonSerializable(typeof(List<int>))]
[JsonSerializable(typeof(RuntimeSpec))]
[JsonSerializable(typeof(RuntimeProcess))]
[JsonSerializable(typeof(LinuxResources))]
[JsonSerializable(typeof(RuntimeFeatures))]
internal sealed partial class RuntimeStoreJsonContext : JsonSerializerContext
{
    private static RuntimeStoreJsonContext? s_indented;

    /// <summary>Two-space indentation, as runc prints state and spec.</summary>
    public static RuntimeStoreJsonContext Indented => s_indented ??= new RuntimeStoreJsonContext(
        new System.Text.Json.JsonSerializerOptions(Default.Options) { WriteIndented = true, IndentSize = 2 });
}
