using Berth.Images.Layers;

namespace Berth.Images.Tests.Support;

/// <summary>An image storage in a scratch directory (no syncfs: tests do not need durability).</summary>
public sealed class StorageFixture : IDisposable
{
    private readonly TempDir _dir = new();
    public ImageStorage Storage { get; private set; }
    public string Root => _dir.Path;

    public StorageFixture() => Storage = Open();

    private ImageStorage Open() => ImageStorage.Open(_dir.Path, new LayerStoreOptions { SyncOnCommit = false });

    /// <summary>Closes and opens the storage again, as a restarted daemon would.</summary>
    public ImageStorage Reopen()
    {
        Storage.Dispose();
        Storage = Open();
        return Storage;
    }

    public void Dispose()
    {
        Storage.Dispose();
        _dir.Dispose();
    }
}
