using System.Text.Json.Serialization;
using Berth.Oci.Images;

namespace Berth.Images.Metadata;

/// <summary>Source-generated JSON for what the image library stores and reads besides the OCI documents.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<Descriptor>))]
internal sealed partial class ImagesJsonContext : JsonSerializerContext;
