using System.Formats.Tar;
using System.Text;
using Berth.Linux;
using Berth.Linux.Fs;
using Microsoft.Win32.SafeHandles;

namespace Berth.Engine.Archive;

/// <summary>
/// Writes the tar of GET /containers/{id}/archive as moby's TarResourceRebase does: a directory as "&lt;base&gt;/" and
/// its tree below (lexical order, hard links as links to the first name, security.capability kept, times to the
/// second), anything else as one entry named by the path's base. The walk goes by descriptors, one name at a time,
/// never following a symlink, so a container that swaps a directory for a symlink mid-copy cannot send it outside
/// its root. Kernel-made trees (/proc, /sys, cgroupfs…) of a live container are written as empty directories.
/// </summary>
public sealed class ArchiveWriter
{
    private const int ReadFlags = FsCalls.O_RDONLY | FsCalls.O_NONBLOCK;
    private readonly TarWriter _tar;
    private readonly Dictionary<(ulong, ulong), string> _links = new();

    private ArchiveWriter(TarWriter tar) => _tar = tar;

    public static async Task WriteAsync(ResolvedPath source, Stream output, CancellationToken cancel)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        var writer = new ArchiveWriter(tar);
        string rebase = ContainerPath.Base(source.Absolute);
        if (source.Status.IsDirectory)
        {
            if (source.TryOpen(FsCalls.O_RDONLY | FsCalls.O_DIRECTORY, out var dir) != 0) return;
            using (dir)
            {
                // moby replaces the include "." by the base name; the root "/" becomes "" so names do not start "//".
                string prefix = rebase == "/" ? "/" : rebase;
                await writer.WriteEntryAsync(source.Parent, source.Name, prefix == "/" ? "/" : prefix + "/", cancel);
                await writer.WriteTreeAsync(dir, prefix, cancel);
            }
        }
        else
        {
            await writer.WriteEntryAsync(source.Parent, source.Name, rebase, cancel);
        }
    }

    /// <summary>docker export: every entry below <paramref name="root"/>, named relative to it ("bin/", "bin/sh"…).</summary>
    public static async Task WriteRootAsync(SafeFd root, Stream output, CancellationToken cancel)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await new ArchiveWriter(tar).WriteTreeAsync(root, "", cancel);
    }

    private static string Join(string prefix, string name) =>
        prefix.Length == 0 ? name : prefix.EndsWith('/') ? prefix + name : prefix + "/" + name;

    private async Task WriteTreeAsync(SafeFd dir, string prefix, CancellationToken cancel)
    {
        var names = ListNames(dir);
        names.Sort(StringComparer.Ordinal);
        foreach (string name in names)
        {
            cancel.ThrowIfCancellationRequested();
            string entryName = Join(prefix, name);
            if (FsCalls.TryStatAt(dir, name, FsCalls.AT_SYMLINK_NOFOLLOW, out var st) != 0) continue;
            if (!st.IsDirectory)
            {
                await WriteEntryAsync(dir, name, entryName, cancel);
                continue;
            }
            int errno = RootDirectory.TryOpenAt2(dir, name, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY | FsCalls.O_NOFOLLOW, 0,
                RootDirectory.RESOLVE_BENEATH | RootDirectory.RESOLVE_NO_SYMLINKS | RootDirectory.RESOLVE_NO_MAGICLINKS, out var child);
            if (errno != 0) continue; // replaced or removed since it was listed
            using (child)
            {
                var childStatus = FileSystemOf.Stat(child);
                await WriteHeaderAsync(Header(childStatus, entryName + "/", null), null, cancel);
                if (!FileSystemOf.IsPseudo(child)) await WriteTreeAsync(child, entryName, cancel);
            }
        }
    }

    /// <summary>One entry for the file <paramref name="name"/> in <paramref name="dir"/>, by what it is at the moment it is opened.</summary>
    private async Task WriteEntryAsync(SafeFd dir, string name, string entryName, CancellationToken cancel)
    {
        if (FsCalls.TryStatAt(dir, name, FsCalls.AT_SYMLINK_NOFOLLOW, out var st) != 0) return;
        if (st.IsRegular)
        {
            int errno = RootDirectory.TryOpenAt2(dir, name, ReadFlags | FsCalls.O_NOFOLLOW, 0,
                RootDirectory.RESOLVE_BENEATH | RootDirectory.RESOLVE_NO_SYMLINKS | RootDirectory.RESOLVE_NO_MAGICLINKS, out var fd);
            if (errno != 0) return;
            using (fd)
            {
                st = FileSystemOf.Stat(fd);
                if (!st.IsRegular) return; // swapped for something else: skip, as moby skips what it cannot read
                if (st.Nlink > 1 && _links.TryGetValue((st.Device, st.Inode), out string? first))
                {
                    var link = Header(st, entryName, null, TarEntryType.HardLink);
                    link.LinkName = first;
                    await WriteHeaderAsync(link, null, cancel);
                    return;
                }
                if (st.Nlink > 1) _links[(st.Device, st.Inode)] = entryName;
                var attrs = Capability(dir, name);
                var entry = Header(st, entryName, attrs);
                using var handle = new SafeFileHandle(fd.DangerousGetHandle(), ownsHandle: false);
                await WriteHeaderAsync(entry, new ExactLengthStream(handle, st.Size), cancel);
            }
            return;
        }
        if (st.IsDirectory)
        {
            await WriteHeaderAsync(Header(st, entryName.EndsWith('/') ? entryName : entryName + "/", null), null, cancel);
            return;
        }
        if (st.IsSocket) return; // sockets cannot be archived; moby skips them too
        var other = Header(st, entryName, null);
        if (st.IsSymlink)
        {
            if (FsCalls.TryReadLinkAt(dir, name, out string target) != 0) return;
            other.LinkName = target;
        }
        await WriteHeaderAsync(other, null, cancel);
    }

    private static Dictionary<string, string>? Capability(SafeFd dir, string name)
    {
        byte[]? cap;
        try { cap = FsCalls.GetXattrPath($"/proc/self/fd/{dir.Fd}/{name}", "security.capability"); }
        catch (SyscallException) { return null; }
        if (cap is null) return null;
        // VFS_CAP_REVISION_3 carries a namespace root uid that means nothing elsewhere: written as revision 2, as moby does.
        if (cap.Length > 3 && cap[3] == 3) { cap[3] = 2; cap = cap[..20]; }
        return new Dictionary<string, string> { ["SCHILY.xattr.security.capability"] = Encoding.Latin1.GetString(cap) };
    }

    private sealed class EntryHeader
    {
        public required TarEntryType Type;
        public required string Name;
        public string LinkName = "";
        public required FileStatus Status;
        public Dictionary<string, string>? Pax;
    }

    private static EntryHeader Header(FileStatus st, string name, Dictionary<string, string>? pax, TarEntryType? type = null) => new()
    {
        Type = type ?? (st.IsDirectory ? TarEntryType.Directory : st.IsSymlink ? TarEntryType.SymbolicLink
            : st.IsCharDevice ? TarEntryType.CharacterDevice : st.IsBlockDevice ? TarEntryType.BlockDevice
            : st.IsFifo ? TarEntryType.Fifo : TarEntryType.RegularFile),
        Name = name,
        Status = st,
        Pax = pax,
    };

    private async Task WriteHeaderAsync(EntryHeader h, Stream? data, CancellationToken cancel)
    {
        var st = h.Status;
        bool ustar = h.Pax is null && FitsUstar(h.Name, h.LinkName) && st.Uid < 0x1FFFFF && st.Gid < 0x1FFFFF && st.Size < 0x1FFFFFFFFL;
        PosixTarEntry entry = ustar ? new UstarTarEntry(h.Type, h.Name) : new PaxTarEntry(h.Type, h.Name, h.Pax ?? new());
        entry.Mode = (UnixFileMode)st.Permissions;
        entry.Uid = (int)st.Uid;
        entry.Gid = (int)st.Gid;
        entry.ModificationTime = DateTimeOffset.FromUnixTimeSeconds(Math.Max(0, st.MtimeSeconds));
        if (h.LinkName.Length > 0) entry.LinkName = h.LinkName;
        if (h.Type is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
        {
            entry.DeviceMajor = (int)st.RdevMajor;
            entry.DeviceMinor = (int)st.RdevMinor;
        }
        if (data is not null) entry.DataStream = data;
        await _tar.WriteEntryAsync(entry, cancel);
    }

    /// <summary>Whether a ustar header can hold the names (ASCII, name ≤ 100 bytes or split at a slash into ≤ 155 + ≤ 100).</summary>
    internal static bool FitsUstar(string name, string linkName)
    {
        if (!Ascii(name) || !Ascii(linkName) || linkName.Length > 100) return false;
        if (name.Length <= 100) return true;
        for (int i = name.Length - 1; i > 0; i--)
        {
            if (name[i] != '/') continue;
            if (i <= 155 && name.Length - i - 1 <= 100 && name.Length - i - 1 > 0) return true;
            if (i < name.Length - 101) break;
        }
        return false;
    }

    private static bool Ascii(string s)
    {
        foreach (char c in s) if (c >= 0x80 || c == 0) return false;
        return true;
    }

    private static List<string> ListNames(SafeFd dir)
    {
        var names = new List<string>();
        try
        {
            foreach (string p in Directory.EnumerateFileSystemEntries($"/proc/self/fd/{dir.Fd}"))
                names.Add(Path.GetFileName(p));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return names;
    }

    /// <summary>
    /// Exactly <c>length</c> bytes of a file: a file that shrank while being read is padded with zeros and one that
    /// grew is cut, so the tar stays well formed (the header already promised that size).
    /// </summary>
    private sealed class ExactLengthStream(SafeFileHandle handle, long length) : Stream
    {
        private long _position;

        public override int Read(Span<byte> buffer)
        {
            long left = length - _position;
            if (left <= 0) return 0;
            var span = buffer[..(int)Math.Min(buffer.Length, left)];
            int n = RandomAccess.Read(handle, span, _position);
            if (n == 0) { span.Clear(); n = span.Length; }
            _position += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => _position = value; }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset, SeekOrigin.Current => _position + offset, _ => length + offset,
        };
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
