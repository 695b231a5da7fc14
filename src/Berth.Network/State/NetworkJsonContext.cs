using System.Text.Json.Serialization;

namespace Berth.Network.State;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NetworkRecord))]
[JsonSerializable(typeof(SandboxRecord))]
internal sealed partial class NetworkJsonContext : JsonSerializerContext;
