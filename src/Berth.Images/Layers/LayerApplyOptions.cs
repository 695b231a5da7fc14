using Berth.Oci.Images;

namespace Berth.Images.Layers;

public sealed class LayerApplyOptions
{
    /// <summary>The diffID the config promises; a mismatch fails the apply (and nothing is kept).</summary>
    public Digest? ExpectedDiffId { get; init; }

    /// <summary>Called with uncompressed bytes consumed so far, now and then.</summary>
    public Action<long>? Progress { get; init; }

    /// <summary>Descriptive name for errors (the blob digest or the file it came from).</summary>
    public string? Source { get; init; }
}
