using Berth.Images.Metadata;
using Berth.Oci.Images;

namespace Berth.Registry;

/// <summary>
/// A finished pull: the image, the reference pulled, the digest to print ("Digest: sha256:…") and whether the
/// name already pointed at this image (Docker's "Image is up to date" rather than "Downloaded newer image").
/// </summary>
public sealed record PullResult(ImageRecord Image, ImageReference Reference, Digest Digest, bool UpToDate);
