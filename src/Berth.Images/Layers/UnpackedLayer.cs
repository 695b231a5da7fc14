using Berth.Images.Archive;
using Berth.Oci.Images;

namespace Berth.Images.Layers;

/// <summary>
/// A layer unpacked into a private directory but not yet in the store: layers of one image unpack in parallel,
/// then <see cref="LayerStore.Commit"/> records them bottom-up. Disposing an uncommitted one removes it.
/// </summary>
public sealed class UnpackedLayer : IDisposable
{
    internal string TempDir { get; }
    public Digest DiffId { get; }
    public long Size { get; }
    internal bool Committed { get; set; }

    internal UnpackedLayer(string tempDir, Digest diffId, long size)
    {
        TempDir = tempDir;
        DiffId = diffId;
        Size = size;
    }

    public void Dispose()
    {
        if (!Committed) FsTree.RemoveAll(TempDir);
    }
}
