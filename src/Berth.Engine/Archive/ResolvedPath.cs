using Berth.Linux;
using Berth.Linux.Fs;

namespace Berth.Engine.Archive;

/// <summary>
/// A docker cp source path looked up inside a container root: the directory that holds it (an O_PATH descriptor,
/// reached with openat2 RESOLVE_IN_ROOT), its name there, and what lstat says about it. For "/x/" and "/x/." the
/// last element is followed; otherwise it is not (a symlink is reported as a symlink). Every later access goes
/// through <see cref="Parent"/> with the single name <see cref="Name"/> and no symlink following.
/// </summary>
public sealed class ResolvedPath : IDisposable
{
    /// <summary>The directory holding the entry; for the root itself, the root (and <see cref="Name"/> is ".").</summary>
    public SafeFd Parent { get; }
    public string Name { get; }
    public FileStatus Status { get; }
    /// <summary>The path as asked (Docker's absPath, trailing "/." or "/" kept).</summary>
    public string Absolute { get; }

    private ResolvedPath(SafeFd parent, string name, FileStatus status, string absolute)
    {
        Parent = parent;
        Name = name;
        Status = status;
        Absolute = absolute;
    }

    /// <summary>Resolves <paramref name="path"/> (as the API got it) inside <paramref name="root"/>; the errno on failure.</summary>
    public static int TryResolve(RootDirectory root, string path, out ResolvedPath? resolved)
    {
        resolved = null;
        string absolute = ContainerPath.Absolute(path);
        string cleaned = ContainerPath.Clean(absolute);
        if (cleaned == "/" || ContainerPath.FollowsLast(absolute))
        {
            // The last element is followed and must be a directory: open it, and address it as "." of itself.
            int e = root.TryOpen(cleaned.TrimStart('/'), FsCalls.O_PATH | FsCalls.O_DIRECTORY, 0, out var dir);
            if (e != 0) return e;
            var st = FileSystemOf.Stat(dir);
            resolved = new ResolvedPath(dir, ".", st, absolute);
            return 0;
        }
        var (parentPath, name) = ContainerPath.Split(cleaned);
        int errno = root.TryOpen(parentPath.TrimStart('/'), FsCalls.O_PATH | FsCalls.O_DIRECTORY, 0, out var parent);
        if (errno != 0) return errno;
        errno = FsCalls.TryStatAt(parent, name, FsCalls.AT_SYMLINK_NOFOLLOW, out var status);
        if (errno != 0)
        {
            parent.Dispose();
            return errno;
        }
        resolved = new ResolvedPath(parent, name, status, absolute);
        return 0;
    }

    /// <summary>Opens the entry itself (never following a symlink in its place).</summary>
    public int TryOpen(int flags, out SafeFd fd) =>
        RootDirectory.TryOpenAt2(Parent, Name, flags | FsCalls.O_NOFOLLOW, 0,
            RootDirectory.RESOLVE_BENEATH | RootDirectory.RESOLVE_NO_SYMLINKS | RootDirectory.RESOLVE_NO_MAGICLINKS, out fd);

    /// <summary>
    /// moby's FollowSymlinkInScope: the absolute path inside the root that <paramref name="path"/> leads to when every
    /// symlink is followed (within the root), as far as it exists. Informational only (the CLI asks again with it).
    /// </summary>
    public static string FollowInScope(RootDirectory root, string path)
    {
        var resolved = new List<string>();
        var pending = new Stack<string>();
        void Push(string p)
        {
            var parts = p.Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (int i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
        }
        Push(path);
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == ".") continue;
            if (part == "..") { if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1); continue; }
            string dir = string.Join('/', resolved);
            if (root.TryOpen(dir, FsCalls.O_PATH | FsCalls.O_DIRECTORY, 0, out var dirFd) != 0)
            {
                resolved.Add(part);
                continue;
            }
            using (dirFd)
            {
                if (FsCalls.TryReadLinkAt(dirFd, part, out string target) != 0)
                {
                    resolved.Add(part);
                    continue;
                }
                if (++links > 255) throw new SyscallException(Errnos.ELOOP, "readlinkat", path);
                if (target.StartsWith('/')) resolved.Clear();
                Push(target);
            }
        }
        return "/" + string.Join('/', resolved);
    }

    public void Dispose() => Parent.Dispose();
}
