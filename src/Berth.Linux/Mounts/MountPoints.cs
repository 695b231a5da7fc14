using Berth.Linux.Interop;

namespace Berth.Linux.Mounts;

/// <summary>
/// Mount points inside a root directory, created and opened with every path component resolved inside the root
/// (openat2 RESOLVE_IN_ROOT): a symlink in an image cannot send a mount outside it. The returned O_PATH descriptor
/// is the mount target (through <see cref="MountCalls.FdPath"/>).
/// </summary>
public static class MountPoints
{
    /// <summary>Opens the directory at <paramref name="path"/> inside <paramref name="root"/>, creating missing ones (mode 0755).</summary>
    public static SafeFd OpenOrCreateDirectory(RootDirectory root, string path, uint mode = 0x1ed) =>
        OpenOrCreateDirectory(root, path, mode, 0);

    private static SafeFd OpenOrCreateDirectory(RootDirectory root, string path, uint mode, int depth)
    {
        if (depth > 40) throw new SyscallException(Errnos.ELOOP, "openat2", root.Display(path));
        int errno = root.TryOpen(path, Libc.O_PATH | Libc.O_DIRECTORY, 0, out var fd);
        if (errno == 0) return fd;
        if (errno != Errnos.ENOENT) throw new SyscallException(errno, "openat2", root.Display(path));
        // Walk from the root: the first missing component is made in its parent, opened inside the root.
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var parent = root.Open(".", Libc.O_PATH | Libc.O_DIRECTORY);
        string sofar = "";
        try
        {
            for (int i = 0; i < parts.Length; i++)
            {
                string part = parts[i];
                string parentPath = sofar.Length == 0 ? "/" : sofar;
                sofar = sofar + "/" + part;
                errno = root.TryOpen(sofar, Libc.O_PATH | Libc.O_DIRECTORY, 0, out var next);
                if (errno == Errnos.ENOENT)
                {
                    if (part == "..") throw new SyscallException(Errnos.ENOENT, "openat2", root.Display(sofar));
                    if (Libc.mkdirat(parent.Fd, part, mode) != 0)
                    {
                        int e = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                        if (e != Errnos.EEXIST) throw new SyscallException(e, "mkdirat", root.Display(sofar));
                    }
                    errno = root.TryOpen(sofar, Libc.O_PATH | Libc.O_DIRECTORY, 0, out next);
                    if (errno == Errnos.ENOENT && ReadLink(parent, part) is { } target)
                    {
                        // A dangling symlink: make its target, inside the root, and go on from there.
                        string rest = string.Join('/', parts, i + 1, parts.Length - i - 1);
                        string resolved = (target.StartsWith('/') ? target : parentPath.TrimEnd('/') + "/" + target).TrimEnd('/') + "/" + rest;
                        return OpenOrCreateDirectory(root, resolved, mode, depth + 1);
                    }
                }
                if (errno != 0) throw new SyscallException(errno, "openat2", root.Display(sofar));
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

    private static unsafe string? ReadLink(SafeFd dir, string name)
    {
        byte* buf = stackalloc byte[4096];
        nint n = Libc.readlinkat(dir.Fd, name, buf, 4096);
        return n <= 0 ? null : System.Text.Encoding.UTF8.GetString(buf, (int)n);
    }

    /// <summary>Opens the file at <paramref name="path"/> inside the root, creating it (and its parents) when missing.</summary>
    public static SafeFd OpenOrCreateFile(RootDirectory root, string path, uint mode = 0x1a4)
    {
        int errno = root.TryOpen(path, Libc.O_PATH, 0, out var fd);
        if (errno == 0) return fd;
        if (errno != Errnos.ENOENT) throw new SyscallException(errno, "openat2", root.Display(path));
        string trimmed = path.TrimEnd('/');
        int slash = trimmed.LastIndexOf('/');
        string dir = slash <= 0 ? "/" : trimmed[..slash];
        using (OpenOrCreateDirectory(root, dir)) { }
        errno = root.TryOpen(trimmed, Libc.O_CREAT | Libc.O_WRONLY, mode, out var created);
        if (errno != 0 && errno != Errnos.EEXIST) throw new SyscallException(errno, "openat2", root.Display(path));
        created.Dispose();
        return root.Open(trimmed, Libc.O_PATH);
    }

    /// <summary>True when the object at <paramref name="hostPath"/> is a directory (following symlinks).</summary>
    public static bool IsDirectory(string hostPath) => Directory.Exists(hostPath);
}
