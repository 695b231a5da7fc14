using System.Text.Json.Serialization;

namespace Berth.Engine.Model;

/// <summary>One entry of GET /images/{name}/history (inline in the swagger, not a definition).</summary>
public sealed class ImageHistoryItem
{
    [JsonPropertyName("Id")] public string Id { get; set; } = "";
    [JsonPropertyName("Created")] public long Created { get; set; }
    [JsonPropertyName("CreatedBy")] public string CreatedBy { get; set; } = "";
    [JsonPropertyName("Tags")] public List<string>? Tags { get; set; }
    [JsonPropertyName("Size")] public long Size { get; set; }
    [JsonPropertyName("Comment")] public string Comment { get; set; } = "";
}
