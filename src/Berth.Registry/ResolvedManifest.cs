using Berth.Oci.Images;

namespace Berth.Registry;

/// <summary>
/// What a reference resolved to: the image manifest (exact bytes, digest, media type) and, when the registry
/// served an index or manifest list, that index and the platform picked from it.
/// </summary>
public sealed record ResolvedManifest(
    ImageReference Reference,
    Digest ManifestDigest,
    string ManifestMediaType,
    byte[] ManifestBytes,
    ImageManifest Manifest,
    Digest? IndexDigest = null,
    string? IndexMediaType = null,
    byte[]? IndexBytes = null,
    Platform? Platform = null)
{
    /// <summary>The digest Docker reports for a pull (the index's when there is one): RepoDigests use it.</summary>
    public Digest Digest => IndexDigest ?? ManifestDigest;
}
