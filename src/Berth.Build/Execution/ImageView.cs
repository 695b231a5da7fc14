using Berth.Images;
using Berth.Images.Archive;
using Berth.Images.Metadata;
using Berth.Linux;
using Berth.Linux.Fs;

namespace Berth.Build.Execution;

/// <summary>A read-only view of an image's files (COPY --from, RUN --mount from=), mounted for the rest of a build.</summary>
internal sealed class ImageView : IDisposable
{
    private readonly bool _mounted;
    private readonly IDisposable? _lease;

    public string Root { get; }
    public ImageRecord? Image { get; }

    private ImageView(string root, bool mounted, ImageRecord? image, IDisposable? lease)
    {
        Root = root;
        _mounted = mounted;
        Image = image;
        _lease = lease;
    }

    public static ImageView Open(ImageStorage storage, ImageRecord? image, string runDirectory)
    {
        string dir = Path.Combine(runDirectory, "views", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        if (image?.TopLayer is not { } top) return new ImageView(dir, false, image, null);
        var lease = storage.Layers.Lease(storage.Layers.Chain(top).Select(l => l.ChainId));
        try
        {
            storage.Layers.View(top).MountAt(dir, readOnly: true);
        }
        catch
        {
            lease.Dispose();
            FsTree.RemoveAll(dir);
            throw;
        }
        return new ImageView(dir, true, image, lease);
    }

    public void Dispose()
    {
        if (_mounted && OverlayMount.TryUnmount(Root) != 0) OverlayMount.TryUnmount(Root, detach: true);
        _lease?.Dispose();
        try { FsTree.RemoveAll(Root); } catch (Exception e) when (e is IOException or UnauthorizedAccessException or SyscallException) { }
    }
}
