using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Berth.Engine.Errors;
using Berth.Linux;
using Berth.Linux.Fs;

namespace Berth.Engine.Archive;

/// <summary>
/// Extracts the tar of PUT /containers/{id}/archive into a directory of the container, all or nothing: the tar is
/// first unpacked into a fresh hidden directory beside the destination (a bad tar, a full disk or a dropped client
/// leave the destination untouched), conflicts are checked against the destination, and only then is each entry
/// renamed into place (merging into existing directories, replacing files atomically). Every call is relative to a
/// descriptor with one name and no symlink following, and names in the tar resolve inside the staging directory
/// (openat2 RESOLVE_IN_ROOT), so neither the tar nor a concurrently changing container can make it write elsewhere.
/// </summary>
public sealed class ArchiveExtractor : IDisposable
{
    private const ulong Beneath = RootDirectory.RESOLVE_BENEATH | RootDirectory.RESOLVE_NO_SYMLINKS | RootDirectory.RESOLVE_NO_MAGICLINKS;

    public sealed class Options
    {
        /// <summary>Refuse to replace a directory by a non-directory or the reverse (the CLI always asks for this).</summary>
        public bool NoOverwriteDirNonDir { get; init; }
        /// <summary>Owner for every entry (copyUIDGID with a container user); null keeps the tar's owners.</summary>
        public (uint Uid, uint Gid)? Owner { get; init; }
        /// <summary>The destination as the user named it, for messages.</summary>
        public string DisplayPath { get; init; } = "/";
    }

    private readonly SafeFd _dest;
    private readonly Options _options;
    private readonly string _stagingName;
    private readonly SafeFd _staging;
    private readonly RootDirectory _stagingRoot;
    private readonly bool _root0 = Environment.IsPrivilegedProcess;
    /// <summary>Directories the tar named (relative), with their headers' metadata, applied after their contents.</summary>
    private readonly Dictionary<string, Metadata> _dirs = new(StringComparer.Ordinal);
    private Metadata? _destMetadata;
    private readonly byte[] _buffer = new byte[1 << 20];

    private sealed record Metadata(uint Mode, uint Uid, uint Gid, long MtimeSec, long MtimeNsec, long AtimeSec, long AtimeNsec);

    private ArchiveExtractor(SafeFd dest, Options options)
    {
        _dest = dest;
        _options = options;
        _stagingName = ".berth-cp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        int errno = FsCalls.TryMkdirAt(dest, _stagingName, 0x1C0);
        if (errno != 0) throw Failure(errno, "mkdirat", "");
        errno = RootDirectory.TryOpenAt2(dest, _stagingName, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY | FsCalls.O_NOFOLLOW, 0, Beneath, out _staging);
        if (errno != 0) throw Failure(errno, "openat2", "");
        _stagingRoot = RootDirectory.Open("/proc/self/fd/" + _staging.Fd);
    }

    /// <summary>Extracts <paramref name="tar"/> (uncompressed) into the directory <paramref name="dest"/> holds.</summary>
    public static async Task ExtractAsync(Stream tar, SafeFd dest, Options options, CancellationToken cancel)
    {
        using var extractor = new ArchiveExtractor(dest, options);
        await extractor.UnpackAsync(tar, cancel);
        extractor.FinishStagedDirectories();
        extractor.Check(extractor._staging, dest, "");
        extractor.Merge(extractor._staging, dest, "");
        if (extractor._destMetadata is { } m) extractor.ApplyMetadata(dest, m);
    }

    // ---- 1. unpack into the staging directory --------------------------------------------------------------

    private async Task UnpackAsync(Stream input, CancellationToken cancel)
    {
        await using var reader = new TarReader(input, leaveOpen: true);
        while (true)
        {
            TarEntry? entry;
            try { entry = await reader.GetNextEntryAsync(copyData: false, cancel); }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or ArgumentException or NotSupportedException)
            {
                throw EngineException.Invalid("invalid tar archive: " + e.Message.TrimEnd('.'));
            }
            if (entry is null) break;
            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes or TarEntryType.LongLink or TarEntryType.LongPath)
                continue;
            string name = Relative(entry.Name);
            try
            {
                if (name.Length == 0)
                {
                    if (entry.EntryType == TarEntryType.Directory) _destMetadata = MetadataOf(entry);
                    continue;
                }
                await ApplyAsync(entry, name, cancel);
            }
            catch (SyscallException e)
            {
                throw Failure(e.Errno, e.Call, name);
            }
            catch (EndOfStreamException)
            {
                throw EngineException.Invalid($"invalid tar archive: unexpected end of data in \"{entry.Name}\"");
            }
        }
    }

    /// <summary>The entry's path relative to the destination; "" for the destination itself; breakouts refused as moby does.</summary>
    internal static string Relative(string tarName)
    {
        var parts = new List<string>();
        foreach (var part in tarName.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count == 0) throw EngineException.Invalid($"invalid tar archive: \"{tarName}\" is outside of the extraction directory");
                parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    private Metadata MetadataOf(TarEntry e)
    {
        var (s, ns) = Time(e.ModificationTime);
        var (a, an) = (s, ns);
        if (e is PaxTarEntry pax && pax.ExtendedAttributes.TryGetValue("atime", out var at)
            && decimal.TryParse(at, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
        {
            a = (long)decimal.Floor(v);
            an = (long)((v - a) * 1_000_000_000m);
        }
        var owner = _options.Owner ?? ((uint)e.Uid, (uint)e.Gid);
        return new Metadata((uint)e.Mode & 0xFFF, owner.Item1, owner.Item2, s, ns, a, an);
    }

    private async Task ApplyAsync(TarEntry entry, string name, CancellationToken cancel)
    {
        int slash = name.LastIndexOf('/');
        string dir = slash < 0 ? "" : name[..slash], baseName = slash < 0 ? name : name[(slash + 1)..];
        using var parent = OpenStagedDirectory(dir);
        var meta = MetadataOf(entry);
        if (FsCalls.TryStatAt(parent, baseName, FsCalls.AT_SYMLINK_NOFOLLOW, out var existing) == 0
            && !(existing.IsDirectory && entry.EntryType == TarEntryType.Directory))
        {
            RemoveTree(parent, baseName); // a later entry of the same name wins, as in tar
            _dirs.Remove(name);
        }
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
            {
                int e = FsCalls.TryMkdirAt(parent, baseName, 0x1C0);
                if (e is not 0 and not Errnos.EEXIST) throw new SyscallException(e, "mkdirat", name);
                _dirs[name] = meta;
                break;
            }
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
            {
                int e = RootDirectory.TryOpenAt2(parent, baseName, FsCalls.O_WRONLY | FsCalls.O_CREAT | FsCalls.O_EXCL | FsCalls.O_NOFOLLOW, 0x180, Beneath, out var fd);
                if (e != 0) throw new SyscallException(e, "openat2", name);
                using (fd)
                {
                    if (entry.DataStream is { } data)
                    {
                        long total = 0;
                        int n;
                        while ((n = await data.ReadAsync(_buffer, cancel)) > 0)
                        {
                            FileDescriptors.WriteAll(fd, _buffer.AsSpan(0, n));
                            total += n;
                        }
                        if (total != entry.Length) throw new EndOfStreamException();
                    }
                    // moby's order: owner, then attributes (chown drops security.capability), then mode (chown drops setuid).
                    Chown(FsCalls.TryFchown(fd, meta.Uid, meta.Gid), meta, name);
                    SetXattrs(parent, baseName, entry);
                    Check(FsCalls.TryFchmod(fd, meta.Mode), "fchmod", name);
                    Check(FsCalls.TryFutimens(fd, meta.AtimeSec, meta.AtimeNsec, meta.MtimeSec, meta.MtimeNsec), "futimens", name);
                }
                break;
            }
            case TarEntryType.SymbolicLink:
                Check(FsCalls.TrySymlinkAt(entry.LinkName, parent, baseName), "symlinkat", name);
                Chown(FsCalls.TryChownAt(parent, baseName, meta.Uid, meta.Gid, FsCalls.AT_SYMLINK_NOFOLLOW), meta, name);
                SetXattrs(parent, baseName, entry);
                Check(FsCalls.TryUtimensAt(parent, baseName, meta.AtimeSec, meta.AtimeNsec, meta.MtimeSec, meta.MtimeNsec, FsCalls.AT_SYMLINK_NOFOLLOW), "utimensat", name);
                break;
            case TarEntryType.HardLink:
            {
                string target = Relative(entry.LinkName);
                int ts = target.LastIndexOf('/');
                string tdir = ts < 0 ? "" : target[..ts], tbase = ts < 0 ? target : target[(ts + 1)..];
                if (target.Length == 0 || _stagingRoot.TryOpen(tdir, FsCalls.O_PATH | FsCalls.O_DIRECTORY, 0, out var tparent) != 0)
                    throw EngineException.Invalid($"invalid tar archive: hard link target \"{entry.LinkName}\" of \"{entry.Name}\" is not in the archive");
                using (tparent)
                {
                    int e = FsCalls.TryLinkAt(tparent, tbase, parent, baseName, 0);
                    if (e is Errnos.ENOENT or Errnos.EPERM)
                        throw EngineException.Invalid($"invalid tar archive: hard link target \"{entry.LinkName}\" of \"{entry.Name}\" is not in the archive");
                    Check(e, "linkat", name);
                }
                break;
            }
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
            {
                uint type = entry.EntryType switch
                {
                    TarEntryType.CharacterDevice => FileStatus.S_IFCHR,
                    TarEntryType.BlockDevice => FileStatus.S_IFBLK,
                    _ => FileStatus.S_IFIFO,
                };
                ulong dev = type == FileStatus.S_IFIFO || entry is not PosixTarEntry p ? 0 : FsCalls.MakeDevice((uint)p.DeviceMajor, (uint)p.DeviceMinor);
                Check(FsCalls.TryMknodAt(parent, baseName, type | meta.Mode, dev), "mknodat", name);
                Chown(FsCalls.TryChownAt(parent, baseName, meta.Uid, meta.Gid, FsCalls.AT_SYMLINK_NOFOLLOW), meta, name);
                Check(FsCalls.TryChmodAt(parent, baseName, meta.Mode), "fchmodat", name);
                Check(FsCalls.TryUtimensAt(parent, baseName, meta.AtimeSec, meta.AtimeNsec, meta.MtimeSec, meta.MtimeNsec, FsCalls.AT_SYMLINK_NOFOLLOW), "utimensat", name);
                break;
            }
            default:
                // Unknown types are skipped, as moby's untar does with what it cannot represent.
                break;
        }
    }

    /// <summary>The staging directory <paramref name="dir"/> (inside the staging root), made 0755 where the tar did not list it.</summary>
    private SafeFd OpenStagedDirectory(string dir)
    {
        int errno = _stagingRoot.TryOpen(dir, FsCalls.O_PATH | FsCalls.O_DIRECTORY, 0, out var fd);
        if (errno == 0) return fd;
        if (errno != Errnos.ENOENT) throw new SyscallException(errno, "openat2", dir);
        int slash = dir.LastIndexOf('/');
        using (var up = OpenStagedDirectory(slash < 0 ? "" : dir[..slash]))
        {
            int e = FsCalls.TryMkdirAt(up, slash < 0 ? dir : dir[(slash + 1)..], 0x1ED);
            if (e is not 0 and not Errnos.EEXIST) throw new SyscallException(e, "mkdirat", dir);
        }
        return _stagingRoot.Open(dir, FsCalls.O_PATH | FsCalls.O_DIRECTORY);
    }

    private void SetXattrs(SafeFd parent, string baseName, TarEntry entry)
    {
        if (entry is not PaxTarEntry pax) return;
        foreach (var (key, value) in pax.ExtendedAttributes)
        {
            if (!key.StartsWith("SCHILY.xattr.", StringComparison.Ordinal)) continue;
            byte[] bytes = value.All(c => c <= 0xFF) ? Encoding.Latin1.GetBytes(value) : Encoding.UTF8.GetBytes(value);
            int e = FsCalls.TrySetXattrPath($"/proc/self/fd/{parent.Fd}/{baseName}", key["SCHILY.xattr.".Length..], bytes);
            // As moby: attributes the file system or our privileges refuse are skipped.
            if (e is not 0 and not Errnos.EPERM and not Errnos.EOPNOTSUPP) throw new SyscallException(e, "lsetxattr", baseName);
        }
    }

    /// <summary>Directory modes, owners and times are set last (deepest first), after their contents were written.</summary>
    private void FinishStagedDirectories()
    {
        foreach (var (name, meta) in _dirs.OrderByDescending(d => d.Key.Count(c => c == '/')))
        {
            if (_stagingRoot.TryOpen(name, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY | FsCalls.O_NOFOLLOW, 0, out var fd) != 0) continue;
            using (fd) ApplyMetadata(fd, meta);
        }
    }

    private void ApplyMetadata(SafeFd dir, Metadata m)
    {
        Chown(FsCalls.TryFchown(dir, m.Uid, m.Gid), m, "");
        Check(FsCalls.TryFchmod(dir, m.Mode), "fchmod", "");
        Check(FsCalls.TryFutimens(dir, m.AtimeSec, m.AtimeNsec, m.MtimeSec, m.MtimeNsec), "futimens", "");
    }

    // ---- 2. check conflicts before anything in the destination changes ------------------------------------

    private void Check(SafeFd staged, SafeFd dest, string rel)
    {
        foreach (string name in ListNames(staged))
        {
            if (rel.Length == 0 && name == _stagingName) continue;
            string path = rel.Length == 0 ? name : rel + "/" + name;
            if (FsCalls.TryStatAt(dest, name, FsCalls.AT_SYMLINK_NOFOLLOW, out var d) != 0) continue;
            var s = FsCalls.StatAt(staged, name, FsCalls.AT_SYMLINK_NOFOLLOW);
            if (s.IsDirectory && d.IsDirectory)
            {
                using var sub = OpenDirectory(staged, name, path);
                using var destSub = OpenDirectory(dest, name, path);
                Check(sub, destSub, path);
                continue;
            }
            if (!_options.NoOverwriteDirNonDir) continue;
            if (d.IsDirectory) throw EngineException.Invalid($"cannot overwrite directory \"{Display(path)}\" with non-directory \"{Display(path)}\"");
            if (s.IsDirectory) throw EngineException.Invalid($"cannot overwrite non-directory \"{Display(path)}\" with directory \"{Display(path)}\"");
        }
    }

    // ---- 3. move into place -------------------------------------------------------------------------------

    private void Merge(SafeFd staged, SafeFd dest, string rel)
    {
        var names = ListNames(staged);
        names.Sort(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (rel.Length == 0 && name == _stagingName) continue;
            string path = rel.Length == 0 ? name : rel + "/" + name;
            var s = FsCalls.StatAt(staged, name, FsCalls.AT_SYMLINK_NOFOLLOW);
            for (int attempt = 0; ; attempt++)
            {
                int exists = FsCalls.TryStatAt(dest, name, FsCalls.AT_SYMLINK_NOFOLLOW, out var d);
                if (exists != 0)
                {
                    int e = FsCalls.TryRenameAt(staged, name, dest, name, FsCalls.RENAME_NOREPLACE);
                    if (e == 0) break;
                    if (e == Errnos.EEXIST && attempt < 3) continue; // appeared meanwhile: look again
                    if (e == Errnos.EXDEV) { CopyAcross(staged, name, dest, path); break; }
                    throw Failure(e, "renameat2", path);
                }
                if (s.IsDirectory && d.IsDirectory)
                {
                    using var sub = OpenDirectory(staged, name, path);
                    using var destSub = OpenDirectory(dest, name, path);
                    Merge(sub, destSub, path);
                    if (_dirs.TryGetValue(path, out var meta)) ApplyMetadata(destSub, meta);
                    break;
                }
                if (d.IsDirectory || s.IsDirectory)
                {
                    // Allowed only without NoOverwriteDirNonDir (checked above): the old entry goes first.
                    RemoveTree(dest, name);
                    continue;
                }
                int r = FsCalls.TryRenameAt(staged, name, dest, name);
                if (r == 0) break;
                if (r == Errnos.EXDEV) { CopyAcross(staged, name, dest, path); break; }
                throw Failure(r, "renameat2", path);
            }
        }
    }

    /// <summary>For a destination on another mount (a volume below the target): copy, each file through a temporary name.</summary>
    private void CopyAcross(SafeFd staged, string name, SafeFd dest, string path)
    {
        var s = FsCalls.StatAt(staged, name, FsCalls.AT_SYMLINK_NOFOLLOW);
        if (s.IsDirectory)
        {
            int e = FsCalls.TryMkdirAt(dest, name, 0x1C0);
            if (e is not 0 and not Errnos.EEXIST) throw Failure(e, "mkdirat", path);
            using var from = OpenDirectory(staged, name, path);
            using var to = OpenDirectory(dest, name, path);
            foreach (string child in ListNames(from)) CopyAcross(from, child, to, path + "/" + child);
            CopyMetadata(from, to, s);
            return;
        }
        string temp = ".berth-cp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        if (s.IsRegular)
        {
            int e = RootDirectory.TryOpenAt2(staged, name, FsCalls.O_RDONLY | FsCalls.O_NOFOLLOW, 0, Beneath, out var src);
            if (e != 0) throw Failure(e, "openat2", path);
            using (src)
            {
                e = RootDirectory.TryOpenAt2(dest, temp, FsCalls.O_WRONLY | FsCalls.O_CREAT | FsCalls.O_EXCL | FsCalls.O_NOFOLLOW, 0x180, Beneath, out var dst);
                if (e != 0) throw Failure(e, "openat2", path);
                using (dst)
                {
                    int n;
                    while ((n = FileDescriptors.Read(src, _buffer)) > 0) FileDescriptors.WriteAll(dst, _buffer.AsSpan(0, n));
                    CopyMetadata(src, dst, s);
                }
            }
        }
        else if (s.IsSymlink)
        {
            FsCalls.TryReadLinkAt(staged, name, out string target);
            Check(FsCalls.TrySymlinkAt(target, dest, temp), "symlinkat", path);
            Chown(FsCalls.TryChownAt(dest, temp, s.Uid, s.Gid, FsCalls.AT_SYMLINK_NOFOLLOW), null, path);
        }
        else
        {
            Check(FsCalls.TryMknodAt(dest, temp, s.Mode, FsCalls.MakeDevice(s.RdevMajor, s.RdevMinor)), "mknodat", path);
            Chown(FsCalls.TryChownAt(dest, temp, s.Uid, s.Gid, FsCalls.AT_SYMLINK_NOFOLLOW), null, path);
        }
        int r = FsCalls.TryRenameAt(dest, temp, dest, name);
        if (r != 0)
        {
            FsCalls.TryUnlinkAt(dest, temp, directory: false);
            throw Failure(r, "renameat2", path);
        }
    }

    private void CopyMetadata(SafeFd from, SafeFd to, FileStatus s)
    {
        Chown(FsCalls.TryFchown(to, s.Uid, s.Gid), null, "");
        FsCalls.TryFchmod(to, s.Permissions);
        FsCalls.TryFutimens(to, s.MtimeSeconds, s.MtimeNanoseconds, s.MtimeSeconds, s.MtimeNanoseconds);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static SafeFd OpenDirectory(SafeFd parent, string name, string path)
    {
        int e = RootDirectory.TryOpenAt2(parent, name, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY | FsCalls.O_NOFOLLOW, 0, Beneath, out var fd);
        if (e != 0) throw new SyscallException(e, "openat2", path);
        return fd;
    }

    /// <summary>Removes <paramref name="name"/> in <paramref name="parent"/>, a directory with everything below it, by descriptors.</summary>
    private static void RemoveTree(SafeFd parent, string name)
    {
        if (FsCalls.TryStatAt(parent, name, FsCalls.AT_SYMLINK_NOFOLLOW, out var st) != 0) return;
        if (st.IsDirectory)
        {
            if (RootDirectory.TryOpenAt2(parent, name, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY | FsCalls.O_NOFOLLOW, 0, Beneath, out var fd) == 0)
                using (fd)
                    foreach (string child in ListNames(fd)) RemoveTree(fd, child);
            int e = FsCalls.TryUnlinkAt(parent, name, directory: true);
            if (e is not 0 and not Errnos.ENOENT) throw new SyscallException(e, "unlinkat", name);
            return;
        }
        int r = FsCalls.TryUnlinkAt(parent, name, directory: false);
        if (r is not 0 and not Errnos.ENOENT) throw new SyscallException(r, "unlinkat", name);
    }

    private static List<string> ListNames(SafeFd dir)
    {
        var names = new List<string>();
        foreach (string p in Directory.EnumerateFileSystemEntries($"/proc/self/fd/{dir.Fd}")) names.Add(Path.GetFileName(p));
        return names;
    }

    private static (long Sec, long Nsec) Time(DateTimeOffset t)
    {
        long ticks = t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long sec = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rem);
        if (rem < 0) { sec--; rem += TimeSpan.TicksPerSecond; }
        return (sec, rem * 100);
    }

    /// <summary>chown is skipped where it changes nothing (root making root's files).</summary>
    private void Chown(int errno, Metadata? m, string path)
    {
        if (errno == 0) return;
        if (errno == Errnos.EPERM && !_root0) return;
        throw Failure(errno, "chown", path);
    }

    private void Check(int errno, string call, string path)
    {
        if (errno != 0) throw Failure(errno, call, path);
    }

    private string Display(string rel) => _options.DisplayPath.TrimEnd('/') + "/" + rel;

    private EngineException Failure(int errno, string call, string rel) => errno switch
    {
        Errnos.EROFS => EngineException.Invalid("container rootfs is marked read-only"),
        Errnos.ENOSPC => EngineException.Internal($"copying to {Display(rel)}: no space left on device"),
        _ => EngineException.Internal($"copying to {Display(rel)}: {call}: {Errnos.Describe(errno)}"),
    };

    public void Dispose()
    {
        try { RemoveTree(_dest, _stagingName); } catch (SyscallException) { }
        _stagingRoot.Dispose();
        _staging.Dispose();
    }
}
