using Berth.Oci.Images;

namespace Berth.Images.Metadata;

/// <summary>
/// An image as the store keeps it. <see cref="Id"/> is the config digest (Docker's image ID);
/// <see cref="ManifestDigest"/> is what a registry knows it by (RepoDigests); <see cref="TopLayer"/> is the
/// chain ID of its last layer (null for an image without layers); <see cref="Layers"/> are the manifest's layer
/// blob descriptors, in order.
/// </summary>
public sealed record ImageRecord
{
    public required Digest Id { get; init; }
    public Digest? ManifestDigest { get; init; }
    public string? ManifestMediaType { get; init; }
    public long ManifestSize { get; init; }
    public Digest? IndexDigest { get; init; }
    public Digest? TopLayer { get; init; }
    /// <summary>Bytes of the unpacked layers (Docker's image Size).</summary>
    public long Size { get; init; }
    /// <summary>The config's <c>created</c>.</summary>
    public DateTimeOffset? Created { get; init; }
    /// <summary>When the image entered this store.</summary>
    public DateTimeOffset Added { get; init; }
    public string Os { get; init; } = "linux";
    public string Architecture { get; init; } = "";
    public string? Variant { get; init; }
    public IReadOnlyList<Descriptor> Layers { get; init; } = [];

    /// <summary>The owner name this image's layer reference carries.</summary>
    public string LayerOwner => "image:" + Id;
}
