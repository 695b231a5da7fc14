using Berth.Oci.Images;

namespace Berth.Images.Layers;

/// <summary>What a diff wrote: the digest and size of the uncompressed tar (its diffID).</summary>
public sealed record LayerDiff(Digest DiffId, long Size);
