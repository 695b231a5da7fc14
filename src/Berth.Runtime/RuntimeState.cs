using System.Text.Json.Serialization;

namespace Berth.Runtime;

/// <summary>A container's state in the shape runc prints for <c>state</c> and <c>list --format json</c>.</summary>
public sealed class RuntimeState
{
    [JsonPropertyName("ociVersion")] public string OciVersion { get; set; } = "";
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    /// <summary>The init's pid as the host sees it; 0 once stopped.</summary>
    [JsonPropertyName("pid")] public int Pid { get; set; }
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("bundle")] public string Bundle { get; set; } = "";
    [JsonPropertyName("rootfs")] public string Rootfs { get; set; } = "";
    /// <summary>RFC 3339 UTC time with nanoseconds, as Go prints it.</summary>
    [JsonPropertyName("created")] public string Created { get; set; } = "";
    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, string>? Annotations { get; set; }
    [JsonPropertyName("owner")] public string Owner { get; set; } = "";

    [JsonIgnore] public ContainerStatus StatusValue => ContainerStatusNames.Parse(Status);
}
