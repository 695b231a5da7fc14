using System.Buffers;
using System.Text;
using Berth.Linux;
using Berth.Linux.Fs;

namespace Berth.Build.Layers;

/// <summary>
/// A step's changes (an overlay upper directory) as a layer tar: names in byte order, whiteouts (0/0 devices) as
/// <c>.wh.name</c>, opaque directories as <c>.wh..wh..opq</c>, hard links kept, overlay's own xattrs left out.
/// With <see cref="ClampMtime"/> (SOURCE_DATE_EPOCH) no time is later than that, so rebuilds give the same bytes.
/// </summary>
public sealed class LayerTarWriter
{
    public string OpaqueXattr { get; init; } = "trusted.overlay.opaque";
    /// <summary>Seconds since the epoch that no entry's mtime may exceed; null keeps times.</summary>
    public long? ClampMtime { get; init; }

    /// <summary>Writes the tar of <paramref name="upper"/>; returns the bytes written.</summary>
    public long Write(string upper, Stream output)
    {
        var tar = new TarEntryWriter(output);
        var links = new Dictionary<(ulong, ulong), string>();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            WriteDirectory(tar, upper, "", links, buffer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        tar.Finish();
        return tar.BytesWritten;
    }

    private long Time(long mtime) => ClampMtime is { } c && mtime > c ? c : mtime;

    private static List<string> SortedNames(string dir)
    {
        var names = Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>().ToList();
        names.Sort((a, b) => CompareBytes(a, b));
        return names;
    }

    private static int CompareBytes(string a, string b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));

    private void WriteDirectory(TarEntryWriter tar, string hostDir, string tarDir, Dictionary<(ulong, ulong), string> links, byte[] buffer)
    {
        foreach (string name in SortedNames(hostDir))
        {
            string host = Path.Combine(hostDir, name);
            string tarName = tarDir.Length == 0 ? name : tarDir + "/" + name;
            var st = FsCalls.StatAt(null, host, FsCalls.AT_SYMLINK_NOFOLLOW);
            long mtime = Time(st.MtimeSeconds);
            if (st.IsWhiteout)
            {
                tar.WriteHeader((tarDir.Length == 0 ? "" : tarDir + "/") + ".wh." + name, '0', 0x1A4, 0, 0, 0, mtime);
                continue;
            }
            var xattrs = Xattrs(host);
            if (st.IsDirectory)
            {
                tar.WriteHeader(tarName + "/", '5', st.Permissions, st.Uid, st.Gid, 0, mtime, xattrs: xattrs);
                if (FsCalls.GetXattrPath(host, OpaqueXattr) is { } v && v.AsSpan().SequenceEqual("y"u8))
                    tar.WriteHeader(tarName + "/.wh..wh..opq", '0', 0x1A4, 0, 0, 0, mtime);
                WriteDirectory(tar, host, tarName, links, buffer);
            }
            else if (st.IsRegular)
            {
                if (st.Nlink > 1 && links.TryGetValue((st.Device, st.Inode), out var first))
                {
                    tar.WriteHeader(tarName, '1', st.Permissions, st.Uid, st.Gid, 0, mtime, first, xattrs: xattrs);
                    continue;
                }
                if (st.Nlink > 1) links[(st.Device, st.Inode)] = tarName;
                tar.WriteHeader(tarName, '0', st.Permissions, st.Uid, st.Gid, st.Size, mtime, xattrs: xattrs);
                long copied = 0;
                using (var fd = FileDescriptors.Open(host, FsCalls.O_RDONLY | FsCalls.O_NOFOLLOW))
                {
                    int n;
                    while (copied < st.Size && (n = FileDescriptors.Read(fd, buffer.AsSpan(0, (int)Math.Min(buffer.Length, st.Size - copied)))) > 0)
                    {
                        tar.WriteData(buffer.AsSpan(0, n));
                        copied += n;
                    }
                }
                if (copied != st.Size) throw new IOException($"{tarName}: file changed size while it was archived");
                tar.EndData(st.Size);
            }
            else if (st.IsSymlink)
            {
                FsCalls.TryReadLinkAt(null, host, out var target);
                tar.WriteHeader(tarName, '2', st.Permissions, st.Uid, st.Gid, 0, mtime, target, xattrs: xattrs);
            }
            else if (st.IsCharDevice || st.IsBlockDevice)
            {
                tar.WriteHeader(tarName, st.IsCharDevice ? '3' : '4', st.Permissions, st.Uid, st.Gid, 0, mtime, "", st.RdevMajor, st.RdevMinor, xattrs);
            }
            else if (st.IsFifo)
            {
                tar.WriteHeader(tarName, '6', st.Permissions, st.Uid, st.Gid, 0, mtime, xattrs: xattrs);
            }
            // sockets do not go into layers
        }
    }

    private static Dictionary<string, byte[]>? Xattrs(string host)
    {
        Dictionary<string, byte[]>? attrs = null;
        foreach (string name in FsCalls.ListXattrsPath(host))
        {
            if (name.StartsWith("trusted.overlay.", StringComparison.Ordinal) || name.StartsWith("user.overlay.", StringComparison.Ordinal)) continue;
            if (name == "security.selinux") continue;
            if (FsCalls.GetXattrPath(host, name) is { } value) (attrs ??= new(StringComparer.Ordinal))[name] = value;
        }
        return attrs;
    }
}
