using Berth.Oci.Images;

namespace Berth.Images.Layers;

/// <summary>
/// An unpacked layer: its content as a directory in overlayfs form. <see cref="ChainId"/> names the layer
/// together with everything below it (image-spec config.md), <see cref="DiffId"/> is the digest of its tar.
/// </summary>
public sealed record Layer(Digest ChainId, Digest DiffId, Digest? Parent, long Size, string Directory, string Link, DateTimeOffset Created);
