using Berth.Linux;
using Berth.Linux.Fs;

namespace Berth.Images.Archive;

/// <summary>Removal of whole trees by descriptor (never following a symlink inside), including unwritable directories.</summary>
public static class FsTree
{
    /// <summary>Removes <paramref name="path"/> and everything below it; nothing happens when it does not exist.</summary>
    public static void RemoveAll(string path)
    {
        string full = Path.GetFullPath(path).TrimEnd('/');
        if (full.Length == 0) throw new ArgumentException("refusing to remove /");
        string parentPath = Path.GetDirectoryName(full)!;
        string name = Path.GetFileName(full);
        SafeFd parent;
        try
        {
            parent = FileDescriptors.Open(parentPath, FsCalls.O_PATH | FsCalls.O_DIRECTORY);
        }
        catch (SyscallException e) when (e.Errno == Errnos.ENOENT)
        {
            return;
        }
        using (parent) RemoveAt(parent, name);
    }

    public static void RemoveAt(SafeFd parent, string name)
    {
        if (FsCalls.TryStatAt(parent, name, FsCalls.AT_SYMLINK_NOFOLLOW, out var st) != 0) return;
        if (st.IsDirectory)
        {
            // An overlay work dir leaves "work/work" at mode 000: make it readable first.
            int errno = RootDirectory.TryOpenAt2(parent, name, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY | FsCalls.O_NOFOLLOW, 0,
                RootDirectory.RESOLVE_BENEATH | RootDirectory.RESOLVE_NO_SYMLINKS, out var fd);
            if (errno == Errnos.EACCES)
            {
                FsCalls.TryChmodAt(parent, name, 0x1C0);
                errno = RootDirectory.TryOpenAt2(parent, name, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY | FsCalls.O_NOFOLLOW, 0,
                    RootDirectory.RESOLVE_BENEATH | RootDirectory.RESOLVE_NO_SYMLINKS, out fd);
            }
            if (errno != 0) throw new SyscallException(errno, "openat2", name);
            using (fd)
            {
                foreach (string child in TarApplier.ListNames(fd)) RemoveAt(fd, child);
            }
            int e = FsCalls.TryUnlinkAt(parent, name, directory: true);
            if (e is not 0 and not Errnos.ENOENT) throw new SyscallException(e, "unlinkat", name);
        }
        else
        {
            int e = FsCalls.TryUnlinkAt(parent, name, directory: false);
            if (e is not 0 and not Errnos.ENOENT) throw new SyscallException(e, "unlinkat", name);
        }
    }
}
