using System.Text.Json.Serialization;

namespace Berth.Engine.Volumes;

[JsonSerializable(typeof(VolumeRecord))]
internal sealed partial class VolumeJsonContext : JsonSerializerContext;
