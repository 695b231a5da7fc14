using Berth.Oci.Images;

namespace Berth.Images.Layers;

/// <summary>
/// Unpacked layers by chain ID, and the read-write snapshots containers run on. A layer stays while anything
/// uses it: a named reference (an image), a layer above it, a snapshot on it, or a lease (a pull in progress).
/// </summary>
public interface ILayerStore
{
    /// <summary>The store's directory (<c>&lt;dataRoot&gt;/layers</c>).</summary>
    string Root { get; }

    Layer? Get(Digest chainId);

    bool Exists(Digest chainId);

    IReadOnlyList<Layer> List();

    /// <summary>The layers from the bottom to <paramref name="top"/>; empty for null.</summary>
    IReadOnlyList<Layer> Chain(Digest? top);

    /// <summary>
    /// Unpacks a layer (tar, tar+gzip or tar+zstd, recognised by content) on top of <paramref name="parent"/>,
    /// computing its diffID while it streams. If the resulting chain ID exists already, nothing is added.
    /// </summary>
    Task<Layer> ApplyAsync(Digest? parent, Stream layer, LayerApplyOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Unpacks a layer into a private directory (blocking); commit it with <see cref="Commit"/>.</summary>
    UnpackedLayer Unpack(Stream layer, LayerApplyOptions options, CancellationToken cancellationToken = default);

    /// <summary>Adds an unpacked layer on top of <paramref name="parent"/> (existing layer if the chain is there).</summary>
    Layer Commit(UnpackedLayer unpacked, Digest? parent);

    /// <summary>
    /// The layer <paramref name="chainId"/>; when absent, runs <paramref name="create"/> once however many
    /// callers ask at the same time (the others wait for it and share its result).
    /// </summary>
    Task<Layer> GetOrCreateAsync(Digest chainId, Func<CancellationToken, Task<Layer>> create, CancellationToken cancellationToken = default);

    /// <summary>Records that <paramref name="owner"/> (e.g. "image:sha256:…") uses the layer chain ending at <paramref name="chainId"/>.</summary>
    void AddReference(Digest chainId, string owner);

    /// <summary>Forgets a reference; the layer stays until <see cref="Collect"/>.</summary>
    bool RemoveReference(Digest chainId, string owner);

    IReadOnlyList<string> References(Digest chainId);

    /// <summary>Keeps layers from <see cref="Collect"/> while the returned lease is not disposed.</summary>
    IDisposable Lease(IEnumerable<Digest> chainIds);

    /// <summary>Removes every layer nothing uses (and what it frees below); returns their chain IDs.</summary>
    IReadOnlyList<Digest> Collect();

    /// <summary>Creates the read-write snapshot <paramref name="key"/> on <paramref name="parent"/> (null: empty).</summary>
    Snapshot Prepare(string key, Digest? parent);

    Snapshot? GetSnapshot(string key);

    IReadOnlyList<Snapshot> ListSnapshots();

    /// <summary>The overlay that makes the snapshot's root filesystem.</summary>
    OverlaySpec Mounts(string key);

    /// <summary>A read-only overlay of a layer chain (for export and save of a flattened view).</summary>
    OverlaySpec View(Digest? top);

    /// <summary>Mounts the snapshot's overlay on <paramref name="target"/> (created if missing).</summary>
    void Mount(string key, string target);

    void Unmount(string target);

    /// <summary>Deletes the snapshot's upper and work directories (unmount it first).</summary>
    void RemoveSnapshot(string key);

    /// <summary>Writes the snapshot's changes as a layer tar (whiteouts in tar form); returns its diffID and size.</summary>
    LayerDiff Diff(string key, Stream output);

    /// <summary>The snapshot's changes as <c>docker diff</c> lists them.</summary>
    IReadOnlyList<Change> Changes(string key);

    /// <summary>Bytes of files in the snapshot's upper directory (<c>SizeRw</c>).</summary>
    long UsedBytes(string key);
}
