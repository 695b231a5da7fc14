using System.Text.Json.Serialization;

namespace Berth.Oci.Images;

/// <summary>descriptor.md: a reference to content by media type, digest and size.</summary>
public sealed class Descriptor
{
    public string MediaType { get; set; } = "";
    public string Digest { get; set; } = "";
    public long Size { get; set; }
    public List<string>? Urls { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
    public string? Data { get; set; }
    public Platform? Platform { get; set; }
    public string? ArtifactType { get; set; }
}

/// <summary>image-index.md platform object.</summary>
public sealed class Platform
{
    public string Architecture { get; set; } = "";
    public string Os { get; set; } = "";
    [JsonPropertyName("os.version")]
    public string? OsVersion { get; set; }
    [JsonPropertyName("os.features")]
    public List<string>? OsFeatures { get; set; }
    public string? Variant { get; set; }
    public List<string>? Features { get; set; }

    public override string ToString() => Variant is { Length: > 0 } ? $"{Os}/{Architecture}/{Variant}" : $"{Os}/{Architecture}";
}

/// <summary>image-index.md (also Docker's manifest list).</summary>
public sealed class ImageIndex
{
    public int SchemaVersion { get; set; } = 2;
    public string? MediaType { get; set; }
    public string? ArtifactType { get; set; }
    public List<Descriptor> Manifests { get; set; } = new();
    public Descriptor? Subject { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
}

/// <summary>manifest.md (also Docker's v2 schema 2 manifest).</summary>
public sealed class ImageManifest
{
    public int SchemaVersion { get; set; } = 2;
    public string? MediaType { get; set; }
    public string? ArtifactType { get; set; }
    public Descriptor Config { get; set; } = new();
    public List<Descriptor> Layers { get; set; } = new();
    public Descriptor? Subject { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
}
