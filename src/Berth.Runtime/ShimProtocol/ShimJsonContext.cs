using System.Text.Json.Serialization;

namespace Berth.Runtime.ShimProtocol;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ShimRequest))]
[JsonSerializable(typeof(ShimResponse))]
[JsonSerializable(typeof(ShimExit))]
[JsonSerializable(typeof(ShimStartupInfo))]
public sealed partial class ShimJsonContext : JsonSerializerContext;
