using System.Buffers;
using System.Globalization;
using Berth.Build.Context;
using Berth.Linux;
using Berth.Linux.Fs;

namespace Berth.Build.Copying;

/// <summary>
/// The classic builder's hashes of files that are not in the received context (another stage's or image's files
/// for COPY --from, a downloaded ADD source): a tar header made from the file's stat (type bits in the mode, the
/// host's user and group names, security.capability) followed by the content, under the path's name.
/// </summary>
public sealed class SourceHasher(string root)
{
    private readonly Dictionary<string, string> _sums = new(StringComparer.Ordinal);

    public string Root => root;

    /// <summary>The hash of <paramref name="path"/> (symlinks followed inside the root), or the path itself when it does not exist.</summary>
    public string Hash(string path)
    {
        string? resolved = Resolve(path);
        if (resolved is null) return path;
        if (_sums.TryGetValue(resolved, out var s)) return s;
        string sum = Compute(resolved);
        _sums[resolved] = sum;
        return sum;
    }

    /// <summary>The path with symlinks resolved inside the root, clean and relative; null when it does not exist.</summary>
    public string? Resolve(string path)
    {
        using var r = RootDirectory.Open(root);
        string p = ContextPath.Clean(path);
        if (p.Length == 0) return "";
        if (r.TryOpen(p, FsCalls.O_PATH, 0, out var fd) != 0) return null;
        using (fd)
        {
            FsCalls.TryReadLinkAt(null, "/proc/self/fd/" + fd.Fd.ToString(CultureInfo.InvariantCulture), out var real);
            string rootReal = Path.GetFullPath(root).TrimEnd('/');
            if (real == rootReal) return "";
            return real.StartsWith(rootReal + "/", StringComparison.Ordinal) ? real[(rootReal.Length + 1)..] : null;
        }
    }

    private string Compute(string rel)
    {
        string host = rel.Length == 0 ? root : Path.Combine(root, rel);
        var st = FsCalls.StatAt(null, host, FsCalls.AT_SYMLINK_NOFOLLOW);
        string name = rel.Length == 0 ? "." : rel;
        char type;
        long mode = st.Permissions;
        string link = "";
        long size = 0;
        switch (st.Type)
        {
            case FileStatus.S_IFREG: type = '0'; mode |= 0x8000; size = st.Size; break;
            case FileStatus.S_IFDIR: type = '5'; mode |= 0x4000; name += "/"; break;
            case FileStatus.S_IFLNK: type = '2'; mode |= 0xA000; FsCalls.TryReadLinkAt(null, host, out link); break;
            case FileStatus.S_IFCHR: type = '3'; mode |= 0x2000; break;
            case FileStatus.S_IFBLK: type = '4'; mode |= 0x6000; break;
            case FileStatus.S_IFIFO: type = '6'; mode |= 0x1000; break;
            default: type = '0'; mode |= 0xC000; break;
        }
        SortedDictionary<string, string>? xattrs = null;
        if (FsCalls.GetXattrPath(host, "security.capability") is { } cap)
            xattrs = new(StringComparer.Ordinal) { ["security.capability"] = System.Text.Encoding.Latin1.GetString(cap) };
        long major = st.IsCharDevice || st.IsBlockDevice ? st.RdevMajor : 0, minor = st.IsCharDevice || st.IsBlockDevice ? st.RdevMinor : 0;
        using var sum = new TarSum(name, mode, st.Uid, st.Gid, size, type, link, HostNames.User(st.Uid), HostNames.Group(st.Gid), major, minor, xattrs, blankNames: false);
        if (st.IsRegular && st.Size > 0)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
            try
            {
                using var fd = FileDescriptors.Open(host, FsCalls.O_RDONLY | FsCalls.O_NOFOLLOW);
                int n;
                while ((n = FileDescriptors.Read(fd, buffer)) > 0) sum.Append(buffer.AsSpan(0, n));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        return sum.Finish();
    }
}
