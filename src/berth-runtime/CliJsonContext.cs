using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Oci.Runtime;
using Berth.Runtime;

namespace Berth.RuntimeCli;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(RuntimeState))]
[JsonSerializable(typeof(List<RuntimeState>))]
[JsonSerializable(typeof(List<int>))]
[JsonSerializable(typeof(RuntimeSpec))]
[JsonSerializable(typeof(RuntimeFeatures))]
[JsonSerializable(typeof(RuntimeProcess))]
[JsonSerializable(typeof(LinuxResources))]
[JsonSerializable(typeof(Berth.Linux.Cgroups.CgroupStats))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>Indented with <paramref name="indent"/> (runc: two spaces for state, a tab for spec).</summary>
    public static CliJsonContext Indented(char character, int size) =>
        new(new JsonSerializerOptions(Default.Options) { WriteIndented = true, IndentCharacter = character, IndentSize = size });
}
