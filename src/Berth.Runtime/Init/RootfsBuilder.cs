using Berth.Linux;
using Berth.Linux.Descriptors;
using Berth.Linux.Mounts;
using Berth.Oci.Runtime;
using Berth.Runtime.Spec;
using static Berth.Runtime.Spec.MountFlags;

namespace Berth.Runtime.Init;

/// <summary>
/// The container's file system, built in its new mount namespace: propagation cut from the host, the rootfs bound
/// onto itself, each mount of the spec at a mount point resolved inside the rootfs, /dev, then pivot_root (or
/// MS_MOVE + chroot), read-only and masked paths, and a read-only root.
/// </summary>
internal sealed class RootfsBuilder : IDisposable
{
    private readonly InitConfig _config;
    private readonly RuntimeSpec _spec;
    private readonly Func<List<CgroupMounts.Membership>?> _placed;
    private RootDirectory? _root;
    private bool _devReadOnly;

    /// <param name="placed">Waits until the init is in the container's cgroup; returns its cgroup membership.</param>
    public RootfsBuilder(InitConfig config, RuntimeSpec spec, Func<List<CgroupMounts.Membership>?> placed)
    {
        _config = config;
        _spec = spec;
        _placed = placed;
    }

    public void Prepare()
    {
        string rootfs = _config.Rootfs;
        ulong propagation = MountOptionParser.RootfsPropagation(_spec.Linux?.RootfsPropagation) ?? (MS_SLAVE | MS_REC);
        MountCalls.Mount(null, "/", null, propagation, null);
        MountCalls.Mount(rootfs, rootfs, null, MS_BIND | MS_REC, null);
        _root = RootDirectory.Open(rootfs);

        bool devIsBind = false;
        var mounts = _spec.Mounts ?? [];
        for (int i = 0; i < mounts.Count; i++)
        {
            var m = mounts[i];
            try
            {
                if (MountOne(m) && Normalize(m.Destination) == "/dev") devIsBind = true;
            }
            catch (SyscallException e)
            {
                throw RuntimeException.Invalid($"mounts[{i}] ({m.Destination}): {e.Message}");
            }
        }
        if (!devIsBind)
        {
            DeviceBuilder.Create(_root, _spec.Linux?.Devices);
            if (_devReadOnly)
            {
                using var dev = _root.Open("/dev", OpenFlags.O_PATH | OpenFlags.O_DIRECTORY);
                MountCalls.SetAttributes(MountCalls.FdPath(dev), MOUNT_ATTR_RDONLY, 0, false, _root.Display("/dev"));
            }
        }
        string cwd = _spec.Process?.Cwd is { Length: > 0 } c ? c : "/";
        using (MountPoints.OpenOrCreateDirectory(_root, cwd)) { }
    }

    private static string Normalize(string path) => "/" + path.Trim('/');

    /// <summary>Mounts one entry; true when it is a bind mount.</summary>
    private bool MountOne(RuntimeMount m)
    {
        var root = _root!;
        var options = MountOptionParser.Parse(m.Options, "mounts");
        string dest = m.Destination;
        string type = m.Type ?? "";
        bool bind = options.IsBind || type == "bind";
        if (bind)
        {
            string source = SourcePath(m.Source ?? "");
            bool isDir = Directory.Exists(source);
            if (!isDir && !File.Exists(source)) throw new SyscallException(Errnos.ENOENT, "stat", source);
            using (var fd = isDir ? MountPoints.OpenOrCreateDirectory(root, dest) : MountPoints.OpenOrCreateFile(root, dest))
                MountCalls.Mount(source, MountCalls.FdPath(fd), null, MS_BIND | (options.Flags & MS_REC), null, root.Display(dest));
            ulong attrs = ToAttributes(options.Flags);
            ulong clear = ToAttributes(options.ClearedFlags) & ~MOUNT_ATTR__ATIME;
            if ((options.Flags & (MS_NOATIME | MS_STRICTATIME | MS_RELATIME)) != 0) clear |= MOUNT_ATTR__ATIME;
            Finish(dest, isDir, options, attrs, clear);
            return true;
        }
        if (type is "cgroup" or "cgroup2")
        {
            CgroupMounts.Mount(root, dest, options, _placed() ?? CgroupMounts.ReadMembership(), _config.NewCgroupNamespace);
            return false;
        }
        if (type.Length == 0) throw RuntimeException.Invalid($"mounts: {dest}: type is missing");
        ulong flags = options.Flags & ~(MS_BIND | MS_REC | MS_REMOUNT);
        if (Normalize(dest) == "/dev" && (flags & MS_RDONLY) != 0)
        {
            // /dev is filled with devices below; it is made read-only once they exist.
            flags &= ~MS_RDONLY;
            _devReadOnly = true;
        }
        string src = string.IsNullOrEmpty(m.Source) ? type : m.Source;
        string? data = options.Data;
        using var below = options.CopyUp ? MountPoints.OpenOrCreateDirectory(root, dest) : null;
        using (var fd = MountPoints.OpenOrCreateDirectory(root, dest))
        {
            string target = MountCalls.FdPath(fd);
            int errno = MountCalls.TryMount(src, target, type, flags, data);
            if (errno == Errnos.EPERM && type == "sysfs")
            {
                // sysfs cannot be mounted without a network namespace of our own: bind the host's, read-only.
                MountCalls.Mount("/sys", target, null, MS_BIND | MS_REC, null, root.Display(dest));
                flags |= MS_RDONLY;
                Finish(dest, true, options, ToAttributes(flags), 0);
                return false;
            }
            if (errno != 0) throw new SyscallException(errno, $"mount {type}", root.Display(dest));
        }
        if (below is not null) CopyUp(below, dest);
        Finish(dest, true, options, 0, 0);
        return false;
    }

    /// <summary>Per-mount attributes, recursive attributes and propagation, on the mount just made.</summary>
    private void Finish(string dest, bool isDir, MountOptions options, ulong attrs, ulong clear)
    {
        if (attrs == 0 && clear == 0 && options.RecursiveSet == 0 && options.RecursiveClear == 0 && options.Propagation.Count == 0) return;
        var root = _root!;
        using var fd = root.Open(dest, OpenFlags.O_PATH | (isDir ? OpenFlags.O_DIRECTORY : 0));
        string target = MountCalls.FdPath(fd);
        if (attrs != 0 || clear != 0) MountCalls.SetAttributes(target, attrs, clear, recursive: false, root.Display(dest));
        if (options.RecursiveSet != 0 || options.RecursiveClear != 0)
            MountCalls.SetAttributes(target, options.RecursiveSet, options.RecursiveClear, recursive: true, root.Display(dest));
        foreach (ulong p in options.Propagation) MountCalls.Mount(null, target, null, p, null, root.Display(dest));
    }

    private string SourcePath(string source)
    {
        if (source.Length == 0) throw RuntimeException.Invalid("mounts: a bind mount needs a source");
        return Path.IsPathRooted(source) ? source : Path.GetFullPath(Path.Combine(_config.Bundle, source));
    }

    /// <summary>runc's tmpcopyup: what the image had at the destination is copied into the new tmpfs.</summary>
    private void CopyUp(SafeFd below, string dest)
    {
        // The descriptor opened before the mount still names the image's directory underneath it.
        using var top = _root!.Open(dest, OpenFlags.O_PATH | OpenFlags.O_DIRECTORY);
        CopyTree(MountCalls.FdPath(below), MountCalls.FdPath(top));
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            string target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link) File.CreateSymbolicLink(target, link);
            else if (entry is DirectoryInfo)
            {
                Directory.CreateDirectory(target);
                File.SetUnixFileMode(target, entry.UnixFileMode);
                CopyTree(entry.FullName, target);
            }
            else if (entry is FileInfo f)
            {
                f.CopyTo(target, overwrite: true);
                File.SetUnixFileMode(target, entry.UnixFileMode);
            }
        }
    }

    /// <summary>pivot_root into the rootfs and detach the old root; MS_MOVE + chroot with --no-pivot or on ramfs.</summary>
    public void EnterRoot()
    {
        string rootfs = _config.Rootfs;
        if (!_config.NoPivot)
        {
            using var oldRoot = FileDescriptors.Open("/", OpenFlags.O_DIRECTORY | OpenFlags.O_RDONLY);
            using var newRoot = FileDescriptors.Open(rootfs, OpenFlags.O_DIRECTORY | OpenFlags.O_RDONLY);
            Check(DirectoryCalls.TryFchdir(newRoot), "fchdir", rootfs);
            int errno = MountCalls.TryPivotRoot(".", ".");
            if (errno == 0)
            {
                Check(DirectoryCalls.TryFchdir(oldRoot), "fchdir", "/");
                MountCalls.Mount(null, ".", null, MS_SLAVE | MS_REC, null, "old root");
                Check(MountCalls.TryUnmount(".", 2 /* MNT_DETACH */), "umount2", "old root");
                Check(DirectoryCalls.TryChdir("/"), "chdir", "/");
                return;
            }
            if (errno != Errnos.EINVAL) throw new SyscallException(errno, "pivot_root", rootfs);
        }
        Check(DirectoryCalls.TryChdir(rootfs), "chdir", rootfs);
        MountCalls.Mount(rootfs, "/", null, MS_MOVE, null, rootfs);
        Check(DirectoryCalls.TryChroot("."), "chroot", rootfs);
        Check(DirectoryCalls.TryChdir("/"), "chdir", "/");
    }

    /// <summary>After entering the root: read-only and masked paths, then the read-only root.</summary>
    public void FinishRoot()
    {
        var linux = _spec.Linux;
        if (linux?.ReadonlyPaths is { } ro)
            foreach (var p in ro) MakeReadOnly(p);
        if (linux?.MaskedPaths is { } masked)
            foreach (var p in masked) Mask(p);
        if (_spec.Root?.Readonly == true)
            MountCalls.SetAttributes("/", MOUNT_ATTR_RDONLY, 0, recursive: false, "/ (root.readonly)");
    }

    private static void MakeReadOnly(string path)
    {
        int errno = MountCalls.TryMount(path, path, null, MS_BIND | MS_REC, null);
        if (errno == Errnos.ENOENT) return;
        if (errno != 0) throw new SyscallException(errno, "mount bind", path + " (linux.readonlyPaths)");
        MountCalls.SetAttributes(path, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, 0,
            recursive: true, path + " (linux.readonlyPaths)");
    }

    private static void Mask(string path)
    {
        int errno;
        if (Directory.Exists(path)) errno = MountCalls.TryMount("tmpfs", path, "tmpfs", MS_RDONLY, null);
        else errno = MountCalls.TryMount("/dev/null", path, null, MS_BIND, null);
        if (errno is 0 or Errnos.ENOENT) return;
        throw new SyscallException(errno, "mount", path + " (linux.maskedPaths)");
    }

    private static void Check(int errno, string call, string path)
    {
        if (errno != 0) throw new SyscallException(errno, call, path);
    }

    public void Dispose() => _root?.Dispose();
}
