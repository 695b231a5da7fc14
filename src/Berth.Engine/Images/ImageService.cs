using Berth.Engine.Errors;
using Berth.Images;
using Berth.Images.Layers;
using Berth.Oci.Images;
using Berth.Registry;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Images;

/// <summary>
/// Images for the daemon: resolution, container snapshots (the overlay rootfs), and the image API (list, inspect,
/// history, tag, remove, pull, push, save, load, import) on Berth.Images and Berth.Registry.
/// </summary>
public sealed partial class ImageService : IDisposable
{
    private readonly BerthEngine _engine;
    private readonly ILogger _log;

    public ImageStorage Storage { get; }
    public RegistryClient Registry { get; }

    public ImageService(BerthEngine engine)
    {
        _engine = engine;
        _log = engine.Loggers.CreateLogger("images");
        Storage = ImageStorage.Open(engine.Options.DataRoot, databasePath: engine.Options.DatabasePath);
        Registry = new RegistryClient(Storage, new RegistryClientOptions { InsecureRegistries = engine.Options.InsecureRegistries });
    }

    /// <summary>Used by containers to tell whether an image is in use (rmi, prune).</summary>
    public Func<string, IReadOnlyList<string>> ContainersUsing { get; set; } = _ => [];

    /// <summary>Untagged images a build made and built on (Docker lists them only with -a).</summary>
    public Func<Digest, bool> HiddenIntermediate { get; set; } = _ => false;

    public static EngineException Translate(ImageException e) => new(e.Kind switch
    {
        ImageErrorKind.NotFound => ErrorKind.NotFound,
        ImageErrorKind.InvalidArgument => ErrorKind.InvalidArgument,
        ImageErrorKind.Conflict => ErrorKind.Conflict,
        ImageErrorKind.AlreadyExists => ErrorKind.Conflict,
        ImageErrorKind.Unauthorized => ErrorKind.Unauthorized,
        ImageErrorKind.Unavailable => ErrorKind.Unavailable,
        _ => ErrorKind.Internal,
    }, e.Message, e);

    /// <summary>An image by name or id; Docker's "No such image: x" (404) otherwise.</summary>
    public Berth.Images.Metadata.ImageRecord Resolve(string nameOrId)
    {
        try
        {
            return Storage.Images.TryResolve(nameOrId) ?? throw EngineException.NotFound($"No such image: {Familiar(nameOrId)}");
        }
        catch (ImageException e) { throw Translate(e); }
    }

    public Berth.Images.Metadata.ImageRecord? TryResolve(string nameOrId)
    {
        try { return Storage.Images.TryResolve(nameOrId); }
        catch (ImageException) { return null; }
    }

    /// <summary>"busybox" → "busybox:latest" as Docker names it in messages.</summary>
    public static string Familiar(string name) =>
        ImageReference.TryParse(name, out var r, out _) ? r.FamiliarString : name;

    public async Task<ImageConfig> GetConfigAsync(Berth.Images.Metadata.ImageRecord image, CancellationToken cancel)
    {
        try { return await Storage.Images.GetConfigAsync(image.Id, cancel); }
        catch (ImageException e) { throw Translate(e); }
    }

    public void CheckPlatform(Berth.Images.Metadata.ImageRecord image, string platform)
    {
        var parts = platform.Split('/');
        if (parts.Length < 2 || parts[0] != image.Os || parts[1] != image.Architecture)
            throw EngineException.NotFound($"image with reference {image.Id} was found but its platform ({image.Os}/{image.Architecture}) does not match the specified platform ({platform})");
    }

    // ---- container snapshots --------------------------------------------------------------------------------

    public void PrepareSnapshot(string containerId, Berth.Images.Metadata.ImageRecord image)
    {
        try { Storage.Layers.Prepare(containerId, image.TopLayer); }
        catch (ImageException e) { throw Translate(e); }
    }

    public void MountSnapshot(string containerId, string target)
    {
        try { Storage.Layers.Mount(containerId, target); }
        catch (ImageException e) { throw Translate(e); }
    }

    public void UnmountSnapshot(string target)
    {
        if (Directory.Exists(target)) Storage.Layers.Unmount(target);
    }

    public void RemoveSnapshot(string containerId)
    {
        if (Storage.Layers.GetSnapshot(containerId) is not null) Storage.Layers.RemoveSnapshot(containerId);
    }

    public (string Lower, string Upper, string Work)? SnapshotPaths(string containerId)
    {
        try
        {
            var s = Storage.Layers.GetSnapshot(containerId);
            if (s is null) return null;
            var spec = Storage.Layers.Mounts(containerId);
            return (string.Join(':', spec.LowerDirs), s.UpperDir, s.WorkDir);
        }
        catch (ImageException) { return null; }
    }

    public long SnapshotUsedBytes(string containerId)
    {
        try { return Storage.Layers.GetSnapshot(containerId) is null ? 0 : Storage.Layers.UsedBytes(containerId); }
        catch (Exception) { return 0; }
    }

    public long ImageSize(string imageId) =>
        Digest.TryParse(imageId, out var d) && Storage.Images.Get(d) is { } image ? image.Size : 0;

    /// <summary>The ancestor filter of docker ps: the image's id, or a name that resolves to the container's image.</summary>
    public bool IsAncestor(string imageId, string? configImage, string filter)
    {
        if (imageId == filter || imageId.StartsWith("sha256:" + filter, StringComparison.Ordinal) || configImage == filter) return true;
        return TryResolve(filter)?.Id.ToString() == imageId;
    }

    public void Dispose()
    {
        Registry.Dispose();
        Storage.Dispose();
    }
}
