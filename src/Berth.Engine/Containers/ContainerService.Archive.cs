using Berth.Engine.Archive;
using Berth.Engine.Errors;
using Berth.Linux;
using Berth.Linux.Fs;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>HEAD /containers/{id}/archive: what the path is (lstat; a symlink's target resolved inside the container).</summary>
    public async Task<PathStat> StatPathAsync(string idOrName, string path, CancellationToken cancel)
    {
        var c = Get(idOrName);
        CheckArchivePath(path);
        await using var view = await OpenFsViewAsync(c, cancel);
        using var resolved = ResolveForArchive(view.View, idOrName, path);
        return StatOf(view.View, resolved);
    }

    /// <summary>GET /containers/{id}/archive: the stat (for the header) and a writer of the tar; dispose it after writing.</summary>
    public async Task<ArchiveDownload> OpenArchiveAsync(string idOrName, string path, CancellationToken cancel)
    {
        var c = Get(idOrName);
        CheckArchivePath(path);
        var view = await OpenFsViewAsync(c, cancel);
        try
        {
            var resolved = ResolveForArchive(view.View, idOrName, path);
            var stat = StatOf(view.View, resolved);
            Publish(c, "archive-path");
            return new ArchiveDownload(stat, resolved, view);
        }
        catch
        {
            await view.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// PUT /containers/{id}/archive: extracts a tar (plain, gzip or zstd) into the directory at <paramref name="path"/>
    /// (its last symlink followed), all or nothing.
    /// </summary>
    public async Task ExtractToDirAsync(string idOrName, string path, Stream body, bool copyUidGid, bool noOverwriteDirNonDir, CancellationToken cancel)
    {
        var c = Get(idOrName);
        CheckArchivePath(path);
        var tar = await TarDecompression.OpenAsync(body, cancel);
        await using var view = await OpenFsViewAsync(c, cancel);
        var root = view.View.Root;
        string cleaned = ContainerPath.Clean("/" + path).TrimStart('/');
        int errno = root.TryOpen(cleaned, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY, 0, out var dest);
        if (errno == Errnos.ENOTDIR && root.TryOpen(cleaned, FsCalls.O_PATH, 0, out var notDir) == 0)
        {
            notDir.Dispose();
            throw EngineException.Invalid("extraction point is not a directory");
        }
        if (errno is Errnos.ENOENT or Errnos.ENOTDIR or Errnos.ELOOP) throw FileNotFound(path, idOrName);
        if (errno != 0) throw EngineException.Internal($"opening {path} in container {idOrName}: {Errnos.Describe(errno)}");
        using (dest)
        {
            bool onRoot = FileSystemOf.MountId(dest) == FileSystemOf.MountId(root.Handle);
            if (onRoot && (c.Record.HostConfig.ReadonlyRootfs == true || FileSystemOf.IsReadOnly(dest)))
                throw EngineException.Invalid("container rootfs is marked read-only");
            if (!onRoot && FileSystemOf.IsReadOnly(dest)) throw EngineException.Invalid("mounted volume is marked read-only");
            (uint, uint)? owner = null;
            if (copyUidGid && !string.IsNullOrEmpty(c.Record.Config.User))
            {
                try
                {
                    var user = Users.Resolve(root, c.Record.Config.User);
                    owner = (user.Uid, user.Gid);
                }
                catch (ArgumentException e) { throw EngineException.Invalid(e.Message); }
            }
            await ArchiveExtractor.ExtractAsync(tar, dest, new ArchiveExtractor.Options
            {
                NoOverwriteDirNonDir = noOverwriteDirNonDir, Owner = owner, DisplayPath = "/" + cleaned,
            }, cancel);
        }
        Publish(c, "extract-to-dir");
    }

    private static void CheckArchivePath(string path)
    {
        if (string.IsNullOrEmpty(path)) throw EngineException.Invalid("path cannot be empty");
    }

    private static EngineException FileNotFound(string path, string container) =>
        EngineException.NotFound($"Could not find the file {path} in container {container}");

    private static ResolvedPath ResolveForArchive(ContainerFsView view, string container, string path)
    {
        int errno = ResolvedPath.TryResolve(view.Root, path, out var resolved);
        if (errno is Errnos.ENOENT) throw FileNotFound(path, container);
        if (errno != 0) throw EngineException.Internal($"lstat {path}: {Errnos.Describe(errno)}");
        return resolved!;
    }

    private static PathStat StatOf(ContainerFsView view, ResolvedPath resolved)
    {
        string link = resolved.Status.IsSymlink ? ResolvedPath.FollowInScope(view.Root, ContainerPath.Clean(resolved.Absolute)) : "";
        return PathStat.From(ContainerPath.Base(resolved.Absolute), resolved.Status, link);
    }

    /// <summary>
    /// A view of the container's filesystem: the live one through its init's /proc/&lt;pid&gt;/root while it runs; for a
    /// stopped container, its rootfs and mounts in a private namespace, with the container's lock held (so it cannot
    /// start on the same overlay meanwhile) until the view is disposed.
    /// </summary>
    /// <param name="rootfsOnly">Only the container's own filesystem, without volumes and binds (export).</param>
    private async Task<HeldView> OpenFsViewAsync(Container c, CancellationToken cancel, bool rootfsOnly = false)
    {
        for (int attempt = 0; ; attempt++)
        {
            if (c.Record.State.Status is "running" or "paused" && c.Record.State.Pid > 0)
            {
                try
                {
                    return new HeldView(rootfsOnly ? ContainerFsView.OpenDirectory(RootfsPath(c.Id))
                        : ContainerFsView.OpenRunning(c.Record.State.Pid, RootfsPath(c.Id)), null, null);
                }
                catch (EngineException) when (attempt < 2) { await Task.Delay(50, cancel); continue; }
            }
            await c.Lock.WaitAsync(cancel);
            if (c.Record.State.Status is "running" or "paused" && c.Record.State.Pid > 0 && attempt < 2)
            {
                c.Lock.Release();
                continue;
            }
            var acquired = new List<string>();
            try
            {
                if (c.Record.State.Status is "removing" or "dead") throw EngineException.Conflict($"container {c.Id} is marked for removal");
                var spec = _images.Storage.Layers.Mounts(c.Id);
                var mounts = rootfsOnly ? [] : ViewMounts(c, acquired);
                var view = ContainerFsView.OpenPrivate(RootfsPath(c.Id), target => spec.MountAt(target), mounts);
                return new HeldView(view, c, () => { foreach (var v in acquired) Volumes.Release(v); });
            }
            catch (Berth.Images.ImageException e)
            {
                foreach (var v in acquired) Volumes.Release(v);
                c.Lock.Release();
                throw Images.ImageService.Translate(e);
            }
            catch
            {
                foreach (var v in acquired) Volumes.Release(v);
                c.Lock.Release();
                throw;
            }
        }
    }

    /// <summary>The container's bind and volume mounts and its /etc files, as a stopped container's view shows them.</summary>
    private List<ContainerFsView.ViewMount> ViewMounts(Container c, List<string> acquired)
    {
        var r = c.Record;
        var list = new List<ContainerFsView.ViewMount>();
        foreach (var (file, dest) in new[] { (r.ResolvConfPath, "/etc/resolv.conf"), (r.HostnamePath, "/etc/hostname"), (r.HostsPath, "/etc/hosts") })
            if (!string.IsNullOrEmpty(file) && File.Exists(file) && !r.Mounts.Any(m => m.Destination == dest))
                list.Add(new(file, dest, ReadOnly: false, Recursive: false));
        foreach (var m in r.Mounts.OrderBy(m => m.Destination.Count(ch => ch == '/')))
        {
            switch (m.Type)
            {
                case "bind" when Path.Exists(m.Source):
                    list.Add(new(m.Source, m.Destination, m.ReadOnly, !m.NonRecursive));
                    break;
                case "volume":
                    string data = Volumes.Acquire(m.Source);
                    acquired.Add(m.Source);
                    string source = m.Subpath is { Length: > 0 } sub ? Path.GetFullPath(Path.Combine(data, sub)) : data;
                    if (!source.StartsWith(data, StringComparison.Ordinal) || !Directory.Exists(source)) continue;
                    list.Add(new(source, m.Destination, m.ReadOnly, Recursive: true));
                    break;
            }
        }
        return list;
    }

    /// <summary>A view plus what must be let go with it: the container's lock and the volumes acquired for a stopped container.</summary>
    internal sealed class HeldView(ContainerFsView view, Container? locked, Action? release) : IAsyncDisposable
    {
        public ContainerFsView View => view;

        public ValueTask DisposeAsync()
        {
            try { view.Dispose(); }
            finally
            {
                release?.Invoke();
                locked?.Lock.Release();
            }
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>An opened GET /archive: the stat for the header, then the tar; holds the container's filesystem until disposed.</summary>
public sealed class ArchiveDownload : IAsyncDisposable
{
    private readonly ResolvedPath _source;
    private readonly IAsyncDisposable _view;

    internal ArchiveDownload(PathStat stat, ResolvedPath source, IAsyncDisposable view)
    {
        Stat = stat;
        _source = source;
        _view = view;
    }

    public PathStat Stat { get; }

    public Task WriteAsync(Stream output, CancellationToken cancel) => ArchiveWriter.WriteAsync(_source, output, cancel);

    public async ValueTask DisposeAsync()
    {
        _source.Dispose();
        await _view.DisposeAsync();
    }
}
