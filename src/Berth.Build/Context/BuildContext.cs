using Berth.Linux;
using Berth.Linux.Fs;

namespace Berth.Build.Context;

/// <summary>
/// The files a build may read: the client's context unpacked in a private directory, with the tarsum of every
/// entry as it arrived (those hashes, not the files' times, decide whether COPY steps are cached).
/// </summary>
public sealed class BuildContext : IDisposable
{
    private readonly Dictionary<string, string> _sums;

    /// <summary>The directory holding the files.</summary>
    public string Root { get; }
    /// <summary>Bytes of file content received.</summary>
    public long ContentBytes { get; init; }
    /// <summary>Whether the client sent no context (a bare Dockerfile): COPY from it finds nothing.</summary>
    public bool IsEmpty { get; init; }

    public BuildContext(string root, Dictionary<string, string> sums)
    {
        Root = root;
        _sums = sums;
    }

    /// <summary>The tarsum of a context entry by its clean relative path, or null.</summary>
    public string? SumOf(string cleanPath) => _sums.GetValueOrDefault(cleanPath);

    internal void Forget(string cleanPath) => _sums.Remove(cleanPath);

    /// <summary>
    /// <paramref name="path"/> (relative to the context, "/" or "../" prefixes removed, symlinks followed but kept
    /// inside the context) as a clean relative path; null when it does not exist.
    /// </summary>
    public string? Resolve(string path)
    {
        using var root = RootDirectory.Open(Root);
        string p = ContextPath.Clean(path);
        if (p.Length == 0) return "";
        int errno = root.TryOpen(p, FsCalls.O_PATH, 0, out var fd);
        if (errno != 0) return null;
        using (fd)
        {
            FsCalls.TryReadLinkAt(null, "/proc/self/fd/" + fd.Fd.ToString(System.Globalization.CultureInfo.InvariantCulture), out var real);
            string rootReal = Path.GetFullPath(Root).TrimEnd('/');
            if (real == rootReal) return "";
            return real.StartsWith(rootReal + "/", StringComparison.Ordinal) ? real[(rootReal.Length + 1)..] : null;
        }
    }

    /// <summary>The classic builder's hash of one path: the tarsum of what it resolves to, else the path itself.</summary>
    public string Hash(string path)
    {
        string? resolved = Resolve(path);
        if (resolved is not null && _sums.TryGetValue(resolved.Length == 0 ? "." : resolved, out var sum)) return sum;
        return path;
    }

    /// <summary>The host path of a clean relative path (for reading; never follow what it names outside <see cref="Root"/>).</summary>
    public string HostPath(string cleanPath) => cleanPath.Length == 0 ? Root : Path.Combine(Root, cleanPath);

    /// <summary>A file's bytes (resolved inside the context), or null when it does not exist or is not a file.</summary>
    public byte[]? ReadFile(string path)
    {
        using var root = RootDirectory.Open(Root);
        string p = ContextPath.Clean(path);
        if (p.Length == 0 || root.TryOpen(p, FsCalls.O_RDONLY, 0, out var fd) != 0) return null;
        using (fd)
        {
            var st = FsCalls.StatAt(fd, "", FsCalls.AT_EMPTY_PATH);
            if (!st.IsRegular) return null;
            using var fs = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd.DangerousGetHandle(), ownsHandle: false), FileAccess.Read);
            var ms = new MemoryStream();
            fs.CopyTo(ms);
            return ms.ToArray();
        }
    }

    /// <summary>
    /// Removes what .dockerignore excludes, as the docker CLI leaves it out: an excluded directory goes with its
    /// contents unless an exception pattern names something below it.
    /// </summary>
    public void ApplyIgnore(DockerIgnore ignore)
    {
        if (ignore.IsEmpty) return;
        Walk("");

        void Walk(string rel)
        {
            string host = HostPath(rel);
            foreach (var entry in Directory.EnumerateFileSystemEntries(host).Order(StringComparer.Ordinal).ToList())
            {
                string name = Path.GetFileName(entry);
                string child = rel.Length == 0 ? name : rel + "/" + name;
                bool isDir = FsCalls.TryStatAt(null, entry, FsCalls.AT_SYMLINK_NOFOLLOW, out var st) == 0 && st.IsDirectory;
                if (!ignore.IsExcluded(child))
                {
                    if (isDir) Walk(child);
                    continue;
                }
                if (isDir && ignore.KeepsSomethingBelow(child))
                {
                    _sums.Remove(child);
                    Walk(child);
                    continue;
                }
                if (isDir) FsTreeRemove(entry);
                else File.Delete(entry);
                foreach (var key in _sums.Keys.Where(k => k == child || k.StartsWith(child + "/", StringComparison.Ordinal)).ToList())
                    _sums.Remove(key);
            }
        }
    }

    public void Dispose() => FsTreeRemove(Root);

    internal static void FsTreeRemove(string dir)
    {
        try { Berth.Images.Archive.FsTree.RemoveAll(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SyscallException) { }
    }
}
