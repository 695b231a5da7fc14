using System.Text.Json;
using Berth.Oci.Images;

namespace Berth.Build.Execution;

/// <summary>Copies and canonical forms of image run configs (maps sorted by key, as Go writes JSON).</summary>
internal static class ConfigTools
{
    public static ContainerConfig Clone(ContainerConfig? c) =>
        c is null ? new ContainerConfig() : JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(c, ImageJsonContext.Default.ContainerConfig),
            ImageJsonContext.Default.ContainerConfig) ?? new ContainerConfig();

    /// <summary>Sorts the maps in place so that the JSON is the same whatever the order things were added.</summary>
    public static ContainerConfig Normalize(ContainerConfig c)
    {
        if (c.Labels is { Count: > 1 } l) c.Labels = l.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value);
        if (c.ExposedPorts is { Count: > 1 } p) c.ExposedPorts = p.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value);
        if (c.Volumes is { Count: > 1 } v) c.Volumes = v.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value);
        return c;
    }

    public static string CanonicalJson(ContainerConfig c) =>
        JsonSerializer.Serialize(Normalize(Clone(c)), ImageJsonContext.Default.ContainerConfig);
}
