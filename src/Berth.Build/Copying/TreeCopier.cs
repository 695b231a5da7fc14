using System.Buffers;
using System.Globalization;
using Berth.Build.Context;
using Berth.Linux;
using Berth.Linux.Fs;

namespace Berth.Build.Copying;

/// <summary>
/// Copies files into a step's root filesystem the way the classic builder's tar-based copy does: contents of a
/// directory merged into the destination (existing directories take the source's mode and time, anything else in
/// the way is replaced), files with their mode, times (whole seconds) and security.capability, hard links kept,
/// symlinks copied as links; then owners set to the --chown owner. All destination paths are resolved inside the
/// root (openat2 RESOLVE_IN_ROOT) and created relative to directory descriptors, so the image's symlinks cannot
/// send writes outside it.
/// </summary>
public sealed class TreeCopier : IDisposable
{
    private readonly RootDirectory _dest;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 20);

    public TreeCopier(RootDirectory destination) => _dest = destination;

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    private static string Fd(SafeFd fd) => "/proc/self/fd/" + fd.Fd.ToString(CultureInfo.InvariantCulture);

    // ---- destination paths -------------------------------------------------------------------------------------

    /// <summary>Whether <paramref name="path"/> exists in the destination (symlinks followed inside the root).</summary>
    public bool Exists(string path) => Stat(path) is not null;

    public bool IsDirectory(string path) => Stat(path) is { IsDirectory: true };

    private FileStatus? Stat(string path)
    {
        if (_dest.TryOpen(path, FsCalls.O_PATH, 0, out var fd) != 0) return null;
        using (fd) return FsCalls.StatAt(fd, "", FsCalls.AT_EMPTY_PATH);
    }

    /// <summary>
    /// Opens the directory at <paramref name="path"/>, creating what is missing with mode 0755 (owned by
    /// <paramref name="ownerOfNew"/> when given, else root). Existing symlinks on the way are followed inside the root.
    /// </summary>
    public SafeFd EnsureDirectory(string path, (uint Uid, uint Gid)? ownerOfNew, List<string>? created = null)
    {
        string clean = ContextPath.Clean(path);
        if (_dest.TryOpen(clean, FsCalls.O_PATH | FsCalls.O_DIRECTORY, 0, out var existing) == 0) return existing;
        var parent = _dest.Open(".", FsCalls.O_PATH | FsCalls.O_DIRECTORY);
        string sofar = "";
        try
        {
            foreach (var part in clean.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                sofar = sofar.Length == 0 ? part : sofar + "/" + part;
                int errno = _dest.TryOpen(sofar, FsCalls.O_PATH | FsCalls.O_DIRECTORY, 0, out var next);
                if (errno == Errnos.ENOENT)
                {
                    int mk = FsCalls.TryMkdirAt(parent, part, 0x1ED);
                    if (mk != 0 && mk != Errnos.EEXIST) throw new SyscallException(mk, "mkdirat", "/" + sofar);
                    if (mk == 0)
                    {
                        FsCalls.TryChmodAt(parent, part, 0x1ED);
                        if (ownerOfNew is { } o) FsCalls.TryChownAt(parent, part, o.Uid, o.Gid, FsCalls.AT_SYMLINK_NOFOLLOW);
                        created?.Add("/" + sofar);
                    }
                    errno = _dest.TryOpen(sofar, FsCalls.O_PATH | FsCalls.O_DIRECTORY, 0, out next);
                }
                if (errno == Errnos.ENOTDIR || errno == Errnos.EEXIST)
                    throw BuildException.Invalid($"mkdir /{sofar}: not a directory");
                if (errno != 0) throw new SyscallException(errno, "openat2", "/" + sofar);
                parent.Dispose();
                parent = next;
            }
            var result = parent;
            parent = null!;
            return result;
        }
        finally
        {
            parent?.Dispose();
        }
    }

    // ---- copying ----------------------------------------------------------------------------------------------

    /// <summary>
    /// Copies the contents of the source directory into <paramref name="destDir"/> (created, 0755, if missing; then
    /// owned by the copy's owner, which an existing destination is not).
    /// </summary>
    public void CopyDirectory(RootDirectory source, string sourceRel, string destDir, CopyOptions options)
    {
        bool existed = IsDirectory(destDir);
        string parentPath = ParentOf(ContextPath.Clean(destDir));
        using (EnsureDirectory(parentPath, null)) { }
        using var dst = EnsureDirectory(destDir, null);
        if (!existed && options.Owner is { } o) FsCalls.TryChownAt(dst, "", o.Uid, o.Gid, FsCalls.AT_EMPTY_PATH | FsCalls.AT_SYMLINK_NOFOLLOW);
        if (!existed && options.Chmod is { } ch) FsCalls.TryChmodAt(null, Fd(dst), ch.Apply(0x1ED, true));
        using var src = source.Open(sourceRel.Length == 0 ? "." : sourceRel, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY);
        var links = new Dictionary<(ulong, ulong), (string Dir, string Name)>();
        CopyChildren(src, dst, "", options, links);
    }

    private void CopyChildren(SafeFd srcDir, SafeFd dstDir, string rel, CopyOptions options,
        Dictionary<(ulong, ulong), (string, string)> links)
    {
        var names = Directory.EnumerateFileSystemEntries(Fd(srcDir)).Select(Path.GetFileName).OfType<string>().ToList();
        names.Sort(StringComparer.Ordinal);
        foreach (string name in names)
        {
            string childRel = rel.Length == 0 ? name : rel + "/" + name;
            if (options.Excludes is { } ex && ex.IsExcluded(childRel)) continue;
            if (FsCalls.TryStatAt(srcDir, name, FsCalls.AT_SYMLINK_NOFOLLOW, out var st) != 0) continue;
            if (st.IsDirectory)
            {
                using var sub = FileDescriptors.OpenAt(srcDir, name, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY | FsCalls.O_NOFOLLOW);
                using var dsub = MakeDirectory(dstDir, name, st, options);
                CopyChildren(sub, dsub, childRel, options, links);
                // A directory's time is set once its children are in (creating them changed it).
                FsCalls.TryUtimensAt(null, Fd(dsub), st.MtimeSeconds, 0, st.MtimeSeconds, 0, 0);
                continue;
            }
            CopyEntry(srcDir, name, st, dstDir, name, options, links);
        }
    }

    private SafeFd MakeDirectory(SafeFd parent, string name, FileStatus st, CopyOptions options)
    {
        if (FsCalls.TryStatAt(parent, name, FsCalls.AT_SYMLINK_NOFOLLOW, out var existing) == 0 && !existing.IsDirectory)
            Remove(parent, name, existing);
        int errno = FsCalls.TryMkdirAt(parent, name, 0x1C0);
        if (errno != 0 && errno != Errnos.EEXIST) throw new SyscallException(errno, "mkdirat", name);
        var fd = FileDescriptors.OpenAt(parent, name, FsCalls.O_PATH | FsCalls.O_DIRECTORY | FsCalls.O_NOFOLLOW);
        var (uid, gid) = options.Owner ?? (st.Uid, st.Gid);
        FsCalls.TryChownAt(fd, "", uid, gid, FsCalls.AT_EMPTY_PATH | FsCalls.AT_SYMLINK_NOFOLLOW);
        uint mode = options.Chmod?.Apply(st.Permissions, true) ?? st.Permissions;
        FsCalls.TryChmodAt(null, Fd(fd), mode);
        return fd;
    }

    private static void Remove(SafeFd parent, string name, FileStatus st)
    {
        if (st.IsDirectory) Berth.Images.Archive.FsTree.RemoveAt(parent, name);
        else FsCalls.TryUnlinkAt(parent, name, false);
    }

    /// <summary>
    /// Copies one non-directory entry (a symlink is copied as a link unless <paramref name="followSymlink"/>) to
    /// the exact destination path; missing parents are created (owned by the copy's owner).
    /// </summary>
    public void CopyFile(RootDirectory source, string sourceRel, string destPath, CopyOptions options, bool followSymlink)
    {
        string clean = ContextPath.Clean(destPath);
        if (clean.Length == 0) throw BuildException.Invalid("cannot copy a file onto /");
        using var parent = EnsureDirectory(ParentOf(clean), options.Owner);
        string name = clean[(clean.LastIndexOf('/') + 1)..];
        int srcSlash = sourceRel.LastIndexOf('/');
        using var srcParent = source.Open(srcSlash < 0 ? "." : sourceRel[..srcSlash], FsCalls.O_PATH | FsCalls.O_DIRECTORY);
        string srcName = srcSlash < 0 ? sourceRel : sourceRel[(srcSlash + 1)..];
        var st = FsCalls.StatAt(srcParent, srcName, FsCalls.AT_SYMLINK_NOFOLLOW);
        if (st.IsSymlink && followSymlink)
        {
            using var target = source.Open(sourceRel, FsCalls.O_PATH);
            var tst = FsCalls.StatAt(target, "", FsCalls.AT_EMPTY_PATH);
            CopyEntryFrom(target, "", tst, parent, name, options, new());
            return;
        }
        CopyEntry(srcParent, srcName, st, parent, name, options, new());
    }

    private void CopyEntry(SafeFd srcDir, string srcName, FileStatus st, SafeFd dstDir, string name, CopyOptions options,
        Dictionary<(ulong, ulong), (string, string)> links) => CopyEntryFrom(srcDir, srcName, st, dstDir, name, options, links);

    private void CopyEntryFrom(SafeFd srcDir, string srcName, FileStatus st, SafeFd dstDir, string name, CopyOptions options,
        Dictionary<(ulong, ulong), (string Dir, string Name)> links)
    {
        if (FsCalls.TryStatAt(dstDir, name, FsCalls.AT_SYMLINK_NOFOLLOW, out var existing) == 0) Remove(dstDir, name, existing);
        var (uid, gid) = options.Owner ?? (st.Uid, st.Gid);
        long mtime = st.MtimeSeconds;
        if (st.IsRegular)
        {
            if (st.Nlink > 1 && links.TryGetValue((st.Device, st.Inode), out var first))
            {
                using var firstDir = FileDescriptors.Open(first.Dir, FsCalls.O_PATH | FsCalls.O_DIRECTORY);
                if (FsCalls.TryLinkAt(firstDir, first.Name, dstDir, name, 0) == 0) return;
            }
            int flags = FsCalls.O_RDONLY | (srcName.Length == 0 ? 0 : FsCalls.O_NOFOLLOW);
            using (var input = srcName.Length == 0 ? FileDescriptors.Open(Fd(srcDir), FsCalls.O_RDONLY) : FileDescriptors.OpenAt(srcDir, srcName, flags))
            using (var output = FileDescriptors.OpenAt(dstDir, name, FsCalls.O_WRONLY | FsCalls.O_CREAT | FsCalls.O_EXCL | FsCalls.O_NOFOLLOW, 0x180))
            {
                int n;
                while ((n = FileDescriptors.Read(input, _buffer)) > 0) FileDescriptors.WriteAll(output, _buffer.AsSpan(0, n));
                FsCalls.TryFchown(output, uid, gid);
                FsCalls.TryFchmod(output, options.Chmod?.Apply(st.Permissions, false) ?? st.Permissions);
                if (ReadCapability(srcDir, srcName) is { } cap) FsCalls.TrySetXattr(output, "security.capability", cap);
                FsCalls.TryFutimens(output, mtime, 0, mtime, 0);
            }
            if (st.Nlink > 1)
            {
                using var dirFd = FileDescriptors.OpenAt(dstDir, ".", FsCalls.O_PATH | FsCalls.O_DIRECTORY);
                FsCalls.TryReadLinkAt(null, Fd(dirFd), out var dirPath);
                links[(st.Device, st.Inode)] = (dirPath, name);
            }
            return;
        }
        if (st.IsSymlink)
        {
            FsCalls.TryReadLinkAt(srcDir, srcName, out var target);
            int e = FsCalls.TrySymlinkAt(target, dstDir, name);
            if (e != 0) throw new SyscallException(e, "symlinkat", name);
            FsCalls.TryChownAt(dstDir, name, uid, gid, FsCalls.AT_SYMLINK_NOFOLLOW);
            FsCalls.TryUtimensAt(dstDir, name, mtime, 0, mtime, 0, FsCalls.AT_SYMLINK_NOFOLLOW);
            return;
        }
        if (st.IsCharDevice || st.IsBlockDevice || st.IsFifo)
        {
            ulong dev = st.IsFifo ? 0 : FsCalls.MakeDevice(st.RdevMajor, st.RdevMinor);
            int e = FsCalls.TryMknodAt(dstDir, name, st.Type | st.Permissions, dev);
            if (e != 0) throw new SyscallException(e, "mknodat", name);
            FsCalls.TryChownAt(dstDir, name, uid, gid, FsCalls.AT_SYMLINK_NOFOLLOW);
            FsCalls.TryChmodAt(dstDir, name, options.Chmod?.Apply(st.Permissions, false) ?? st.Permissions);
            FsCalls.TryUtimensAt(dstDir, name, mtime, 0, mtime, 0, FsCalls.AT_SYMLINK_NOFOLLOW);
        }
        // sockets are not copied
    }

    private static byte[]? ReadCapability(SafeFd dir, string name)
    {
        try
        {
            string path = name.Length == 0 ? Fd(dir) : Fd(dir) + "/" + name;
            return FsCalls.GetXattrPath(path, "security.capability");
        }
        catch (SyscallException) { return null; }
    }

    private static string ParentOf(string clean)
    {
        int slash = clean.LastIndexOf('/');
        return slash < 0 ? "" : clean[..slash];
    }
}
