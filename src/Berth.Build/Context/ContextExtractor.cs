using System.Buffers;
using System.Text;
using Berth.Images.Archive;
using Berth.Linux;
using Berth.Linux.Fs;
using Berth.Linux.Mounts;

namespace Berth.Build.Context;

/// <summary>
/// Unpacks the context the client sent (tar, gzip or zstd compressed, or a bare Dockerfile) into a private
/// directory, computing each entry's tarsum as its bytes go by. Every path is created relative to a directory
/// opened inside the context root, so a hostile archive cannot write outside it (through "..", absolute names or
/// symlinks it planted).
/// </summary>
public static class ContextExtractor
{
    /// <summary>What a body that is not an archive is stored as.</summary>
    public const string BareDockerfileName = "Dockerfile";

    public static BuildContext Extract(Stream body, string directory, CancellationToken cancel)
    {
        Directory.CreateDirectory(directory);
        try
        {
            return Run(body, directory, cancel);
        }
        catch
        {
            BuildContext.FsTreeRemove(directory);
            throw;
        }
    }

    private static BuildContext Run(Stream body, string directory, CancellationToken cancel)
    {
        Stream plain;
        try
        {
            (plain, _) = Compression.Decompress(body, leaveOpen: true);
        }
        catch (Berth.Images.ImageException e)
        {
            throw BuildException.Invalid("build context: " + e.Message);
        }
        using (plain)
        {
            byte[] head = new byte[512];
            int got = 0;
            while (got < head.Length)
            {
                int n = plain.Read(head, got, head.Length - got);
                if (n == 0) break;
                got += n;
            }
            var stream = new PrefixedReadStream(head, got, plain);
            if (!LooksLikeTar(head.AsSpan(0, got)))
            {
                // A Dockerfile sent as the body (docker build - < Dockerfile from a client that does not wrap it).
                var bytes = new MemoryStream();
                stream.CopyTo(bytes);
                if (bytes.Length == 0) throw BuildException.Invalid("the build context is empty");
                File.WriteAllBytes(Path.Combine(directory, BareDockerfileName), bytes.ToArray());
                return new BuildContext(directory, new Dictionary<string, string>(StringComparer.Ordinal)) { IsEmpty = true, ContentBytes = bytes.Length };
            }
            return Unpack(new RawTarReader(stream), directory, cancel);
        }
    }

    private static bool LooksLikeTar(ReadOnlySpan<byte> head)
    {
        if (head.Length < 512) return false;
        if (!head.ContainsAnyExcept((byte)0)) return true; // an empty archive
        if (head.Slice(257, 5).SequenceEqual("ustar"u8)) return true;
        long stored;
        try { stored = RawTarReader.ParseNumeric(head.Slice(148, 8)); }
        catch (InvalidDataException) { return false; }
        long sum = 0;
        for (int i = 0; i < 512; i++) sum += i is >= 148 and < 156 ? (byte)' ' : head[i];
        return sum == stored;
    }

    private static BuildContext Unpack(RawTarReader reader, string directory, CancellationToken cancel)
    {
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        var dirTimes = new List<(string Path, long Sec, long Nsec)>();
        long content = 0;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        using var root = RootDirectory.Open(directory);
        try
        {
            while (true)
            {
                RawTarEntry? e;
                try { e = reader.Next(); }
                catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or OverflowException)
                {
                    throw BuildException.Invalid("build context: invalid tar: " + ex.Message);
                }
                if (e is null) break;
                cancel.ThrowIfCancellationRequested();
                string clean = ContextPath.Clean(e.Name);
                using var sum = TarSum.ForEntry(e);
                try
                {
                    if (clean.Length == 0)
                    {
                        Drain(reader, sum, buffer);
                    }
                    else
                    {
                        content += WriteEntry(root, clean, e, reader, sum, buffer, dirTimes);
                    }
                }
                catch (SyscallException ex)
                {
                    throw BuildException.Invalid($"build context: {e.Name}: {ex.Message}");
                }
                catch (EndOfStreamException)
                {
                    throw BuildException.Invalid($"build context: {e.Name}: truncated archive");
                }
                sums.TryAdd(ContextPath.SumKey(e.Name), sum.Finish());
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        // Directory times last, deepest first: creating their contents changed them.
        foreach (var (p, sec, nsec) in dirTimes.OrderByDescending(d => d.Path.Length))
        {
            if (root.TryOpen(p, FsCalls.O_PATH | FsCalls.O_DIRECTORY | FsCalls.O_NOFOLLOW, 0, out var fd) != 0) continue;
            using (fd) FsCalls.TryUtimensAt(null, "/proc/self/fd/" + fd.Fd.ToString(System.Globalization.CultureInfo.InvariantCulture), sec, nsec, sec, nsec, 0);
        }
        return new BuildContext(directory, sums) { ContentBytes = content };
    }

    private static void Drain(RawTarReader reader, TarSum sum, byte[] buffer)
    {
        int n;
        while ((n = reader.ReadData(buffer)) > 0) sum.Append(buffer.AsSpan(0, n));
    }

    private static (SafeFd Parent, string Base) OpenParent(RootDirectory root, string clean)
    {
        int slash = clean.LastIndexOf('/');
        string dir = slash < 0 ? "" : clean[..slash];
        string name = slash < 0 ? clean : clean[(slash + 1)..];
        var parent = dir.Length == 0 ? root.Open(".", FsCalls.O_PATH | FsCalls.O_DIRECTORY) : MountPoints.OpenOrCreateDirectory(root, dir);
        return (parent, name);
    }

    /// <summary>Removes whatever is at name unless it is a directory and a directory is wanted.</summary>
    private static void Clear(SafeFd parent, string name, bool wantDirectory)
    {
        if (FsCalls.TryStatAt(parent, name, FsCalls.AT_SYMLINK_NOFOLLOW, out var st) != 0) return;
        if (st.IsDirectory && wantDirectory) return;
        if (st.IsDirectory) FsTree.RemoveAt(parent, name);
        else FsCalls.TryUnlinkAt(parent, name, false);
    }

    private static long WriteEntry(RootDirectory root, string clean, RawTarEntry e, RawTarReader reader, TarSum sum, byte[] buffer,
        List<(string, long, long)> dirTimes)
    {
        var (parent, name) = OpenParent(root, clean);
        using (parent)
        {
            uint perm = e.Permissions;
            long written = 0;
            switch (e.TypeFlag)
            {
                case '5':
                {
                    Clear(parent, name, wantDirectory: true);
                    int errno = FsCalls.TryMkdirAt(parent, name, 0x1C0);
                    if (errno != 0 && errno != Errnos.EEXIST) throw new SyscallException(errno, "mkdirat", clean);
                    FsCalls.TryChownAt(parent, name, (uint)e.Uid, (uint)e.Gid, FsCalls.AT_SYMLINK_NOFOLLOW);
                    FsCalls.TryChmodAt(parent, name, perm);
                    dirTimes.Add((clean, e.MtimeSeconds, e.MtimeNanoseconds));
                    Drain(reader, sum, buffer);
                    return 0;
                }
                case '2':
                    Clear(parent, name, false);
                    Check(FsCalls.TrySymlinkAt(e.LinkName, parent, name), "symlinkat", clean);
                    FsCalls.TryChownAt(parent, name, (uint)e.Uid, (uint)e.Gid, FsCalls.AT_SYMLINK_NOFOLLOW);
                    FsCalls.TryUtimensAt(parent, name, e.MtimeSeconds, e.MtimeNanoseconds, e.MtimeSeconds, e.MtimeNanoseconds, FsCalls.AT_SYMLINK_NOFOLLOW);
                    Drain(reader, sum, buffer);
                    return 0;
                case '1':
                {
                    Clear(parent, name, false);
                    var (oldParent, oldName) = OpenParent(root, ContextPath.Clean(e.LinkName));
                    using (oldParent) Check(FsCalls.TryLinkAt(oldParent, oldName, parent, name, 0), "linkat", clean);
                    Drain(reader, sum, buffer);
                    return 0;
                }
                case '3' or '4' or '6':
                {
                    Clear(parent, name, false);
                    uint type = e.TypeFlag switch { '3' => FileStatus.S_IFCHR, '4' => FileStatus.S_IFBLK, _ => FileStatus.S_IFIFO };
                    ulong dev = e.TypeFlag == '6' ? 0 : FsCalls.MakeDevice((uint)e.DevMajor, (uint)e.DevMinor);
                    Check(FsCalls.TryMknodAt(parent, name, type | perm, dev), "mknodat", clean);
                    FsCalls.TryChownAt(parent, name, (uint)e.Uid, (uint)e.Gid, FsCalls.AT_SYMLINK_NOFOLLOW);
                    FsCalls.TryChmodAt(parent, name, perm);
                    Drain(reader, sum, buffer);
                    return 0;
                }
                default:
                {
                    Clear(parent, name, false);
                    using var fd = FileDescriptors.OpenAt(parent, name, FsCalls.O_WRONLY | FsCalls.O_CREAT | FsCalls.O_EXCL | FsCalls.O_NOFOLLOW, 0x180);
                    int n;
                    while ((n = reader.ReadData(buffer)) > 0)
                    {
                        sum.Append(buffer.AsSpan(0, n));
                        FileDescriptors.WriteAll(fd, buffer.AsSpan(0, n));
                        written += n;
                    }
                    FsCalls.TryFchown(fd, (uint)e.Uid, (uint)e.Gid);
                    FsCalls.TryFchmod(fd, perm);
                    foreach (var (k, v) in e.Xattrs) FsCalls.TrySetXattr(fd, k, Encoding.Latin1.GetBytes(v));
                    FsCalls.TryFutimens(fd, e.MtimeSeconds, e.MtimeNanoseconds, e.MtimeSeconds, e.MtimeNanoseconds);
                    return written;
                }
            }
        }
    }

    private static void Check(int errno, string call, string path)
    {
        if (errno != 0) throw new SyscallException(errno, call, path);
    }
}
