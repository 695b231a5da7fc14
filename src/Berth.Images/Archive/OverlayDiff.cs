using System.Formats.Tar;
using System.Text;
using Berth.Images.Layers;
using Berth.Linux;
using Berth.Linux.Fs;

namespace Berth.Images.Archive;

/// <summary>
/// Turns an overlay upper directory into a layer tar and into <c>docker diff</c> changes: a 0/0 character
/// device is a deletion (<c>.wh.name</c>), a directory with the opaque xattr hides everything below it in
/// lower layers (<c>.wh..wh..opq</c>).
/// </summary>
public static class OverlayDiff
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    public static LayerDiff Write(string upper, Stream output, string opaqueXattr = "trusted.overlay.opaque")
    {
        using var hashing = new HashingWriteStream(output);
        using (var writer = new TarWriter(hashing, TarEntryFormat.Pax, leaveOpen: true))
        {
            var links = new Dictionary<(ulong, ulong), string>();
            WriteDirectory(writer, upper, "", opaqueXattr, links);
        }
        // TarWriter writes no end-of-archive blocks when it wrote no entry; an unchanged snapshot is the empty tar
        // (1024 zero bytes, Docker's well-known empty layer) so that readers see a valid archive.
        if (hashing.BytesWritten == 0) hashing.Write(new byte[1024]);
        hashing.Flush();
        return new LayerDiff(hashing.Digest, hashing.BytesWritten);
    }

    private static void WriteDirectory(TarWriter writer, string hostDir, string tarDir, string opaqueXattr, Dictionary<(ulong, ulong), string> links)
    {
        var names = Directory.EnumerateFileSystemEntries(hostDir).Select(Path.GetFileName).OfType<string>().ToList();
        names.Sort(StringComparer.Ordinal);
        foreach (string name in names)
        {
            string host = Path.Combine(hostDir, name);
            string tarName = tarDir.Length == 0 ? name : tarDir + "/" + name;
            var st = FsCalls.StatAt(null, host, FsCalls.AT_SYMLINK_NOFOLLOW);
            if (st.IsWhiteout)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, (tarDir.Length == 0 ? "" : tarDir + "/") + ".wh." + name)
                    { ModificationTime = st.Mtime, Mode = (UnixFileMode)0x1A4 });
                continue;
            }
            var attrs = Xattrs(host);
            var entry = Entry(st, host, tarName, links, attrs);
            if (entry is null) continue;
            if (st.IsRegular && entry.EntryType == TarEntryType.RegularFile)
            {
                using var data = new FileStream(host, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                entry.DataStream = data;
                writer.WriteEntry(entry);
            }
            else
            {
                writer.WriteEntry(entry);
            }
            if (st.IsDirectory)
            {
                if (FsCalls.GetXattrPath(host, opaqueXattr) is { } v && v.AsSpan().SequenceEqual("y"u8))
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, tarName + "/.wh..wh..opq") { ModificationTime = st.Mtime, Mode = (UnixFileMode)0x1A4 });
                WriteDirectory(writer, host, tarName, opaqueXattr, links);
            }
        }
    }

    private static PaxTarEntry? Entry(FileStatus st, string host, string tarName, Dictionary<(ulong, ulong), string> links, Dictionary<string, string> attrs)
    {
        TarEntryType type;
        string? linkName = null;
        if (st.IsRegular)
        {
            if (st.Nlink > 1 && links.TryGetValue((st.Device, st.Inode), out string? first))
            {
                type = TarEntryType.HardLink;
                linkName = first;
            }
            else
            {
                type = TarEntryType.RegularFile;
                if (st.Nlink > 1) links[(st.Device, st.Inode)] = tarName;
            }
        }
        else if (st.IsDirectory) type = TarEntryType.Directory;
        else if (st.IsSymlink)
        {
            type = TarEntryType.SymbolicLink;
            FsCalls.TryReadLinkAt(null, host, out linkName);
        }
        else if (st.IsCharDevice) type = TarEntryType.CharacterDevice;
        else if (st.IsBlockDevice) type = TarEntryType.BlockDevice;
        else if (st.IsFifo) type = TarEntryType.Fifo;
        else return null; // sockets do not go into layers
        var entry = new PaxTarEntry(type, type == TarEntryType.Directory ? tarName + "/" : tarName, attrs)
        {
            Mode = (UnixFileMode)st.Permissions,
            Uid = (int)st.Uid,
            Gid = (int)st.Gid,
            ModificationTime = st.Mtime < Epoch ? Epoch : st.Mtime,
        };
        if (linkName is not null) entry.LinkName = linkName;
        if (type is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
        {
            entry.DeviceMajor = (int)st.RdevMajor;
            entry.DeviceMinor = (int)st.RdevMinor;
        }
        return entry;
    }

    private static Dictionary<string, string> Xattrs(string host)
    {
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in FsCalls.ListXattrsPath(host))
        {
            // overlay's own bookkeeping never goes into a layer.
            if (name.StartsWith("trusted.overlay.", StringComparison.Ordinal) || name.StartsWith("user.overlay.", StringComparison.Ordinal)) continue;
            if (name == "security.selinux") continue;
            if (FsCalls.GetXattrPath(host, name) is { } value)
                attrs["SCHILY.xattr." + name] = Encoding.Latin1.GetString(value);
        }
        return attrs;
    }

    /// <summary>Changes as <c>docker diff</c> shows them; <paramref name="lowers"/> are the layer directories, top first.</summary>
    public static IReadOnlyList<Change> Changes(string upper, IReadOnlyList<string> lowers, string opaqueXattr = "trusted.overlay.opaque")
    {
        var roots = lowers.Select(RootDirectory.Open).ToList();
        try
        {
            var changes = new List<Change>();
            Walk(upper, "", roots, opaqueXattr, changes);
            return changes;
        }
        finally
        {
            foreach (var r in roots) r.Dispose();
        }
    }

    private static void Walk(string hostDir, string path, List<RootDirectory> lowers, string opaqueXattr, List<Change> changes)
    {
        var names = Directory.EnumerateFileSystemEntries(hostDir).Select(Path.GetFileName).OfType<string>().ToList();
        names.Sort(StringComparer.Ordinal);
        foreach (string name in names)
        {
            string host = Path.Combine(hostDir, name);
            string p = path + "/" + name;
            var st = FsCalls.StatAt(null, host, FsCalls.AT_SYMLINK_NOFOLLOW);
            if (st.IsWhiteout)
            {
                changes.Add(new Change(p, ChangeKind.Deleted));
                continue;
            }
            bool inLower = ExistsBelow(lowers, p);
            changes.Add(new Change(p, inLower ? ChangeKind.Modified : ChangeKind.Added));
            if (st.IsDirectory) Walk(host, p, lowers, opaqueXattr, changes);
        }
    }

    private static bool ExistsBelow(List<RootDirectory> lowers, string path)
    {
        foreach (var root in lowers)
        {
            int errno = RootDirectory.TryOpenAt2(root.Handle, path.TrimStart('/'), FsCalls.O_PATH | FsCalls.O_NOFOLLOW, 0,
                RootDirectory.RESOLVE_IN_ROOT, out var fd);
            if (errno != 0) continue;
            using (fd)
            {
                var st = FsCalls.StatAt(fd, "", FsCalls.AT_EMPTY_PATH | FsCalls.AT_SYMLINK_NOFOLLOW);
                return !st.IsWhiteout;
            }
        }
        return false;
    }

    /// <summary>Bytes of regular files below <paramref name="dir"/> (hard links counted once).</summary>
    public static long UsedBytes(string dir)
    {
        long total = 0;
        var seen = new HashSet<(ulong, ulong)>();
        var stack = new Stack<string>();
        stack.Push(dir);
        while (stack.Count > 0)
        {
            string d = stack.Pop();
            foreach (string e in Directory.EnumerateFileSystemEntries(d))
            {
                if (FsCalls.TryStatAt(null, e, FsCalls.AT_SYMLINK_NOFOLLOW, out var st) != 0) continue;
                if (st.IsDirectory) stack.Push(e);
                else if (st.IsRegular && (st.Nlink <= 1 || seen.Add((st.Device, st.Inode)))) total += st.Size;
            }
        }
        return total;
    }
}
