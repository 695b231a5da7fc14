using Berth.Images;
using Berth.Images.Archive;
using Berth.Images.Layers;
using Berth.Linux;
using Berth.Linux.Fs;
using Berth.Oci.Images;

namespace Berth.Build.Execution;

/// <summary>
/// The writable root filesystem of one step: a snapshot on the parent image's layers, mounted (overlay) under the
/// build's run directory while the step works on it. Disposing unmounts it and drops the snapshot.
/// </summary>
internal sealed class StepRoot : IDisposable
{
    private readonly ImageStorage _storage;
    private readonly List<string> _ownedDirs = new();
    private bool _mounted;

    public string Key { get; }
    public string MountPoint { get; }
    public Snapshot Snapshot { get; }

    private StepRoot(ImageStorage storage, string key, string mountPoint, Snapshot snapshot)
    {
        _storage = storage;
        Key = key;
        MountPoint = mountPoint;
        Snapshot = snapshot;
    }

    public static StepRoot Prepare(ImageStorage storage, string runDirectory, Digest? parentTop)
    {
        string key = "build-" + Guid.NewGuid().ToString("N");
        var snapshot = storage.Layers.Prepare(key, parentTop);
        string mnt = Path.Combine(runDirectory, "mnt", key[6..18]);
        Directory.CreateDirectory(mnt);
        var root = new StepRoot(storage, key, mnt, snapshot);
        root._ownedDirs.Add(mnt);
        return root;
    }

    /// <summary>Mounts the snapshot, with <paramref name="extraLower"/> (mount points made for a RUN) above the image's layers.</summary>
    public void Mount(string? extraLower = null)
    {
        if (_mounted) Unmount();
        var spec = _storage.Layers.Mounts(Key);
        if (extraLower is not null)
        {
            _ownedDirs.Add(extraLower);
            spec = new OverlaySpec([extraLower, .. spec.LowerDirs], spec.UpperDir, spec.WorkDir);
        }
        spec.MountAt(MountPoint);
        _mounted = true;
    }

    public void Unmount()
    {
        if (!_mounted) return;
        if (OverlayMount.TryUnmount(MountPoint) != 0) OverlayMount.TryUnmount(MountPoint, detach: true);
        _mounted = false;
    }

    public bool UpperIsEmpty => !Directory.EnumerateFileSystemEntries(Snapshot.UpperDir).Any();

    public void Dispose()
    {
        try { Unmount(); } catch (SyscallException) { }
        try { _storage.Layers.RemoveSnapshot(Key); } catch (ImageException) { }
        foreach (var d in _ownedDirs)
        {
            try { FsTree.RemoveAll(d); } catch (Exception e) when (e is IOException or UnauthorizedAccessException or SyscallException) { }
        }
    }
}
