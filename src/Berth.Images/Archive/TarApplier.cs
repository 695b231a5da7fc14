using System.Buffers;
using System.Formats.Tar;
using System.Globalization;
using System.Text;
using Berth.Linux;
using Berth.Linux.Fs;
using Microsoft.Win32.SafeHandles;

namespace Berth.Images.Archive;

/// <summary>
/// Unpacks a layer tar into a directory. Every path is resolved by the kernel inside the directory
/// (<c>openat2(RESOLVE_IN_ROOT)</c>) and every change is made relative to a descriptor of the parent, with
/// the last component never followed: "..", absolute names, symlinks (even ones the tar made a moment
/// earlier) and hard links all stay inside. Directory times are set last, after their contents.
/// </summary>
public sealed class TarApplier : IDisposable
{
    private const string WhiteoutPrefix = ".wh.", OpaqueMarker = ".wh..wh..opq";
    private const int MaxCachedDirectories = 32;

    private readonly RootDirectory _root;
    private readonly TarApplyOptions _options;
    private readonly uint _umask;
    private readonly bool _root0;
    private readonly Dictionary<string, SafeFd> _dirs = new(StringComparer.Ordinal);
    private readonly List<SafeFd> _retired = new();
    private readonly List<(string Path, long Sec, long Nsec, long ASec, long ANsec)> _dirTimes = new();
    private readonly HashSet<string>? _created;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
    private long _entries, _contentBytes;

    private TarApplier(string rootPath, TarApplyOptions options)
    {
        _root = RootDirectory.Open(rootPath);
        _options = options;
        _umask = FsCalls.Umask();
        _root0 = Environment.IsPrivilegedProcess;
        if (options.Whiteouts == WhiteoutMode.Remove) _created = new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>Applies the (uncompressed) tar in <paramref name="tar"/> to the directory <paramref name="rootPath"/>.</summary>
    public static TarApplyResult Apply(Stream tar, string rootPath, TarApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var applier = new TarApplier(rootPath, options ?? new TarApplyOptions());
        return applier.Run(tar, cancellationToken);
    }

    private TarApplyResult Run(Stream tar, CancellationToken cancellationToken)
    {
        using var reader = new TarReader(tar, leaveOpen: true);
        var progressSource = tar as HashingReadStream;
        long lastProgress = 0;
        while (true)
        {
            TarEntry? entry;
            try
            {
                entry = reader.GetNextEntry(copyData: false);
            }
            catch (NotSupportedException e) when (e.Message.Contains("SparseFile", StringComparison.Ordinal))
            {
                throw ImageException.Invalid($"invalid tar after {_entries} entries: old GNU sparse files are not supported (PAX sparse 1.0 is)", e);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or ArgumentException
                or NotSupportedException or InvalidOperationException or OverflowException)
            {
                throw ImageException.Invalid($"invalid tar after {_entries} entries: {Lower(e.Message)}", e);
            }
            if (entry is null) break;
            cancellationToken.ThrowIfCancellationRequested();
            _entries++;
            try
            {
                ApplyEntry(entry);
            }
            catch (SyscallException e)
            {
                throw new ImageException(ImageErrorKind.Internal, $"tar entry \"{entry.Name}\": {e.Message}", e);
            }
            catch (EndOfStreamException e)
            {
                throw ImageException.Invalid($"tar entry \"{entry.Name}\": truncated data", e);
            }
            finally
            {
                CloseRetired();
            }
            if (_options.Progress is { } progress && progressSource is not null && progressSource.BytesRead - lastProgress > (4 << 20))
            {
                lastProgress = progressSource.BytesRead;
                progress(lastProgress);
            }
        }
        FinishDirectories();
        return new TarApplyResult(_entries, _contentBytes);
    }

    private static string Lower(string s) => s.Length > 0 ? char.ToLowerInvariant(s[0]) + s[1..].TrimEnd('.') : s;

    /// <summary>The tar name as a clean path below the root, "" for the root itself ("../a" is "a", "/a/./b/" is "a/b").</summary>
    public static string CleanName(string name)
    {
        var parts = new List<string>();
        foreach (string part in name.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    private static (string Dir, string Base) Split(string clean)
    {
        int slash = clean.LastIndexOf('/');
        return slash < 0 ? ("", clean) : (clean[..slash], clean[(slash + 1)..]);
    }

    private void ApplyEntry(TarEntry entry)
    {
        var pax = (entry as PaxTarEntry)?.ExtendedAttributes;
        string rawName = pax is not null && pax.TryGetValue("GNU.sparse.name", out string? sparseName) ? sparseName : entry.Name;
        string name = CleanName(rawName);
        if (entry.EntryType is TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes
            or TarEntryType.LongLink or TarEntryType.LongPath)
            return;

        if (name.Length == 0)
        {
            if (entry.EntryType == TarEntryType.Directory) ApplyRootMetadata(entry, pax);
            return;
        }
        var (dir, baseName) = Split(name);

        if (baseName.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            ApplyWhiteout(dir, baseName);
            return;
        }

        var parent = Parent(dir);
        _created?.Add(name);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                ApplyDirectory(parent, name, baseName, entry, pax);
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                ApplyFile(parent, name, baseName, entry, pax);
                break;
            case TarEntryType.SymbolicLink:
                ApplySymlink(parent, baseName, entry, pax);
                break;
            case TarEntryType.HardLink:
                ApplyHardLink(parent, name, baseName, entry);
                break;
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                ApplyNode(parent, baseName, entry, pax);
                break;
            case TarEntryType.SparseFile:
                throw ImageException.Invalid($"tar entry \"{entry.Name}\": old GNU sparse files are not supported (use PAX sparse format 1.0)");
            default:
                // Unknown types (sockets cannot be in tars; vendor types) are skipped, as Docker does.
                break;
        }
    }

    // ---- directories of the tree ------------------------------------------------------------------------

    /// <summary>An O_PATH descriptor of the directory <paramref name="dir"/> inside the root, created (0755) if missing.</summary>
    private SafeFd Parent(string dir)
    {
        if (dir.Length == 0) return _root.Handle;
        if (_dirs.TryGetValue(dir, out var cached)) return cached;
        var fd = OpenOrCreateDirectory(dir);
        if (_dirs.Count >= MaxCachedDirectories) ForgetDirectories();
        _dirs[dir] = fd;
        return fd;
    }

    private SafeFd OpenOrCreateDirectory(string dir)
    {
        int errno = _root.TryOpen(dir, FsCalls.O_PATH | FsCalls.O_DIRECTORY, 0, out var fd);
        if (errno == 0) return fd;
        if (errno != Errnos.ENOENT) throw new SyscallException(errno, "openat2", _root.Display(dir));
        var (up, baseName) = Split(dir);
        using (var parent = up.Length == 0 ? null : OpenOrCreateDirectory(up))
        {
            var parentFd = parent ?? _root.Handle;
            int e = FsCalls.TryMkdirAt(parentFd, baseName, 0x1ED); // 0755
            if (e != 0 && e != Errnos.EEXIST) throw new SyscallException(e, "mkdirat", _root.Display(dir));
        }
        return _root.Open(dir, FsCalls.O_PATH | FsCalls.O_DIRECTORY);
    }

    /// <summary>Drops cached directory descriptors: after anything is removed or a link is made, a cached path may name something else.</summary>
    private void ForgetDirectories()
    {
        // The current entry may still hold one of them: close them after it.
        _retired.AddRange(_dirs.Values);
        _dirs.Clear();
    }

    private void CloseRetired()
    {
        foreach (var fd in _retired) fd.Dispose();
        _retired.Clear();
    }

    // ---- entries ----------------------------------------------------------------------------------------

    private void ApplyDirectory(SafeFd parent, string name, string baseName, TarEntry entry, IReadOnlyDictionary<string, string>? pax)
    {
        int errno = FsCalls.TryMkdirAt(parent, baseName, 0x1C0); // 0700 until its mode is set
        if (errno == Errnos.EEXIST)
        {
            var st = FsCalls.StatAt(parent, baseName, FsCalls.AT_SYMLINK_NOFOLLOW);
            if (!st.IsDirectory)
            {
                RemoveAt(parent, baseName, st);
                errno = FsCalls.TryMkdirAt(parent, baseName, 0x1C0);
            }
            else errno = 0;
        }
        if (errno != 0) throw new SyscallException(errno, "mkdirat", _root.Display(name));
        using var fd = OpenAtNoFollow(parent, baseName, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY, name);
        SetOwnerAndMode(fd, entry, alwaysChmod: true);
        SetXattrs(fd, null, entry, pax);
        var (s, ns) = Time(entry.ModificationTime);
        var (a, an) = AccessTime(pax, s, ns);
        _dirTimes.Add((name, s, ns, a, an));
    }

    private void ApplyRootMetadata(TarEntry entry, IReadOnlyDictionary<string, string>? pax)
    {
        using var fd = _root.Open("", FsCalls.O_RDONLY | FsCalls.O_DIRECTORY);
        SetOwnerAndMode(fd, entry, alwaysChmod: true);
        SetXattrs(fd, null, entry, pax);
        var (s, ns) = Time(entry.ModificationTime);
        var (a, an) = AccessTime(pax, s, ns);
        _dirTimes.Add(("", s, ns, a, an));
    }

    private void ApplyFile(SafeFd parent, string name, string baseName, TarEntry entry, IReadOnlyDictionary<string, string>? pax)
    {
        const int flags = FsCalls.O_WRONLY | FsCalls.O_CREAT | FsCalls.O_EXCL | FsCalls.O_NOFOLLOW;
        uint createMode = (uint)entry.Mode & 0x1FF;
        int errno = RootDirectory.TryOpenAt2(parent, baseName, flags, createMode, RootDirectory.RESOLVE_BENEATH | RootDirectory.RESOLVE_NO_SYMLINKS, out var fd);
        if (errno == Errnos.EEXIST)
        {
            RemoveAt(parent, baseName, null);
            errno = RootDirectory.TryOpenAt2(parent, baseName, flags, createMode, RootDirectory.RESOLVE_BENEATH | RootDirectory.RESOLVE_NO_SYMLINKS, out fd);
        }
        if (errno != 0) throw new SyscallException(errno, "openat2", _root.Display(name));
        using (fd)
        {
            if (pax is not null && pax.TryGetValue("GNU.sparse.major", out string? major) && major == "1")
                WriteSparse(fd, entry, pax, name);
            else
                WriteData(fd, entry);
            SetOwnerAndMode(fd, entry, alwaysChmod: false);
            SetXattrs(fd, null, entry, pax);
            var (s, ns) = Time(entry.ModificationTime);
            var (a, an) = AccessTime(pax, s, ns);
            Check(FsCalls.TryFutimens(fd, a, an, s, ns), "futimens", name);
        }
    }

    private void WriteData(SafeFd fd, TarEntry entry)
    {
        var data = entry.DataStream;
        if (data is null) return;
        long total = 0;
        int n;
        while ((n = data.Read(_buffer)) > 0)
        {
            FileDescriptors.WriteAll(fd, _buffer.AsSpan(0, n));
            total += n;
        }
        if (total != entry.Length) throw new EndOfStreamException();
        _contentBytes += total;
    }

    /// <summary>PAX sparse format 1.0: a map of (offset, size) in decimal lines, padded to 512, then the data pieces.</summary>
    private void WriteSparse(SafeFd fd, TarEntry entry, IReadOnlyDictionary<string, string> pax, string name)
    {
        var data = entry.DataStream ?? throw ImageException.Invalid($"tar entry \"{name}\": sparse file without data");
        if (!pax.TryGetValue("GNU.sparse.realsize", out string? realText) || !long.TryParse(realText, CultureInfo.InvariantCulture, out long realSize) || realSize < 0)
            throw ImageException.Invalid($"tar entry \"{name}\": sparse file without a valid GNU.sparse.realsize");
        long consumed = 0;
        string ReadLine()
        {
            var sb = new StringBuilder();
            while (true)
            {
                int b = data.ReadByte();
                if (b < 0) throw new EndOfStreamException();
                consumed++;
                if (b == '\n') return sb.ToString();
                if (sb.Length > 20) throw ImageException.Invalid($"tar entry \"{name}\": malformed sparse map");
                sb.Append((char)b);
            }
        }
        long ParseNumber(string s) => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out long v)
            ? v : throw ImageException.Invalid($"tar entry \"{name}\": malformed sparse map");
        long count = ParseNumber(ReadLine());
        if (count > 1 << 20) throw ImageException.Invalid($"tar entry \"{name}\": sparse map of {count} pieces");
        var pieces = new List<(long Offset, long Size)>();
        for (long i = 0; i < count; i++)
        {
            long off = ParseNumber(ReadLine()), size = ParseNumber(ReadLine());
            if (off + size > realSize || off < 0 || size < 0) throw ImageException.Invalid($"tar entry \"{name}\": sparse piece beyond the file size");
            pieces.Add((off, size));
        }
        long pad = (512 - consumed % 512) % 512;
        for (long i = 0; i < pad; i++) if (data.ReadByte() < 0) throw new EndOfStreamException();
        using var handle = new SafeFileHandle(fd.DangerousGetHandle(), ownsHandle: false);
        RandomAccess.SetLength(handle, realSize);
        foreach (var (offset, size) in pieces)
        {
            long done = 0;
            while (done < size)
            {
                int n = data.Read(_buffer.AsSpan(0, (int)Math.Min(_buffer.Length, size - done)));
                if (n == 0) throw new EndOfStreamException();
                RandomAccess.Write(handle, _buffer.AsSpan(0, n), offset + done);
                done += n;
            }
            _contentBytes += size;
        }
    }

    private void ApplySymlink(SafeFd parent, string baseName, TarEntry entry, IReadOnlyDictionary<string, string>? pax)
    {
        int errno = FsCalls.TrySymlinkAt(entry.LinkName, parent, baseName);
        if (errno == Errnos.EEXIST)
        {
            RemoveAt(parent, baseName, null);
            errno = FsCalls.TrySymlinkAt(entry.LinkName, parent, baseName);
        }
        if (errno != 0) throw new SyscallException(errno, "symlinkat", baseName);
        // A symlink's size is its target's length: Docker counts it in a layer's size (docker history, images).
        _contentBytes += System.Text.Encoding.UTF8.GetByteCount(entry.LinkName);
        ForgetDirectories();
        if (_options.PreserveOwners && !(entry.Uid == 0 && entry.Gid == 0 && _root0))
            Check(FsCalls.TryChownAt(parent, baseName, (uint)entry.Uid, (uint)entry.Gid, FsCalls.AT_SYMLINK_NOFOLLOW), "fchownat", baseName);
        SetXattrs(null, ProcPath(parent, baseName), entry, pax);
        var (s, ns) = Time(entry.ModificationTime);
        var (a, an) = AccessTime(pax, s, ns);
        Check(FsCalls.TryUtimensAt(parent, baseName, a, an, s, ns, FsCalls.AT_SYMLINK_NOFOLLOW), "utimensat", baseName);
    }

    private void ApplyHardLink(SafeFd parent, string name, string baseName, TarEntry entry)
    {
        string target = CleanName(entry.LinkName);
        if (target.Length == 0) throw ImageException.Invalid($"tar entry \"{entry.Name}\": hard link to the root");
        if (target == name) return;
        var (tdir, tbase) = Split(target);
        int errno = _root.TryOpen(tdir, FsCalls.O_PATH | FsCalls.O_DIRECTORY, 0, out var tparent);
        if (errno != 0) throw ImageException.Invalid($"tar entry \"{entry.Name}\": hard link target \"{entry.LinkName}\" not found in the layer");
        using (tparent)
        {
            errno = FsCalls.TryLinkAt(tparent, tbase, parent, baseName, 0);
            if (errno == Errnos.EEXIST)
            {
                RemoveAt(parent, baseName, null);
                errno = FsCalls.TryLinkAt(tparent, tbase, parent, baseName, 0);
            }
            if (errno == Errnos.ENOENT) throw ImageException.Invalid($"tar entry \"{entry.Name}\": hard link target \"{entry.LinkName}\" not found in the layer");
            if (errno == Errnos.EPERM) throw ImageException.Invalid($"tar entry \"{entry.Name}\": cannot hard link to \"{entry.LinkName}\" (a directory?)");
            if (errno != 0) throw new SyscallException(errno, "linkat", _root.Display(name));
        }
        ForgetDirectories();
    }

    private void ApplyNode(SafeFd parent, string baseName, TarEntry entry, IReadOnlyDictionary<string, string>? pax)
    {
        uint type = entry.EntryType switch
        {
            TarEntryType.CharacterDevice => FileStatus.S_IFCHR,
            TarEntryType.BlockDevice => FileStatus.S_IFBLK,
            _ => FileStatus.S_IFIFO,
        };
        if (type != FileStatus.S_IFIFO && !_options.CreateDevices) return;
        ulong dev = type == FileStatus.S_IFIFO ? 0 : (entry is PosixTarEntry posix ? FsCalls.MakeDevice((uint)posix.DeviceMajor, (uint)posix.DeviceMinor) : 0);
        uint mode = type | ((uint)entry.Mode & 0xFFF);
        int errno = FsCalls.TryMknodAt(parent, baseName, mode, dev);
        if (errno == Errnos.EEXIST)
        {
            RemoveAt(parent, baseName, null);
            errno = FsCalls.TryMknodAt(parent, baseName, mode, dev);
        }
        if (errno != 0) throw new SyscallException(errno, "mknodat", baseName);
        bool chowned = false;
        if (_options.PreserveOwners && !(entry.Uid == 0 && entry.Gid == 0 && _root0))
        {
            Check(FsCalls.TryChownAt(parent, baseName, (uint)entry.Uid, (uint)entry.Gid, FsCalls.AT_SYMLINK_NOFOLLOW), "fchownat", baseName);
            chowned = true;
        }
        if (chowned || ((uint)entry.Mode & (_umask | 0xE00)) != 0)
            Check(FsCalls.TryChmodAt(parent, baseName, (uint)entry.Mode & 0xFFF), "fchmodat", baseName);
        SetXattrs(null, ProcPath(parent, baseName), entry, pax);
        var (s, ns) = Time(entry.ModificationTime);
        var (a, an) = AccessTime(pax, s, ns);
        Check(FsCalls.TryUtimensAt(parent, baseName, a, an, s, ns, FsCalls.AT_SYMLINK_NOFOLLOW), "utimensat", baseName);
    }

    private void ApplyWhiteout(string dir, string baseName)
    {
        var parent = Parent(dir);
        if (baseName == OpaqueMarker)
        {
            if (_options.Whiteouts == WhiteoutMode.Overlay)
            {
                using var fd = dir.Length == 0 ? _root.Open("", FsCalls.O_RDONLY | FsCalls.O_DIRECTORY)
                    : _root.Open(dir, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY);
                Check(FsCalls.TrySetXattr(fd, _options.OpaqueXattr, "y"u8), "fsetxattr " + _options.OpaqueXattr, dir);
            }
            else
            {
                RemoveChildrenNotCreated(dir);
            }
            return;
        }
        string target = baseName[WhiteoutPrefix.Length..];
        if (target.Length == 0 || target == "." || target == ".." || target.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            throw ImageException.Invalid($"tar entry \"{(dir.Length == 0 ? "" : dir + "/")}{baseName}\": invalid whiteout");
        if (FsCalls.TryStatAt(parent, target, FsCalls.AT_SYMLINK_NOFOLLOW, out var st) == 0) RemoveAt(parent, target, st);
        if (_options.Whiteouts == WhiteoutMode.Overlay)
        {
            int errno = FsCalls.TryMknodAt(parent, target, FileStatus.S_IFCHR, 0);
            if (errno != 0) throw new SyscallException(errno, "mknodat (whiteout)", _root.Display((dir.Length == 0 ? "" : dir + "/") + target));
        }
    }

    private void RemoveChildrenNotCreated(string dir)
    {
        using var fd = dir.Length == 0 ? _root.Open("", FsCalls.O_RDONLY | FsCalls.O_DIRECTORY) : _root.Open(dir, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY);
        foreach (string child in ListNames(fd))
        {
            string path = dir.Length == 0 ? child : dir + "/" + child;
            if (_created!.Contains(path)) continue;
            RemoveAt(fd, child, null);
        }
    }

    // ---- metadata ---------------------------------------------------------------------------------------

    private void SetOwnerAndMode(SafeFd fd, TarEntry entry, bool alwaysChmod)
    {
        bool chowned = false;
        if (_options.PreserveOwners && !(entry.Uid == 0 && entry.Gid == 0 && _root0))
        {
            Check(FsCalls.TryFchown(fd, (uint)entry.Uid, (uint)entry.Gid), "fchown", entry.Name);
            chowned = true;
        }
        uint mode = (uint)entry.Mode & 0xFFF;
        // open/mkdir modes lose the umask bits and never carry setuid/setgid/sticky; chown clears setuid.
        if (alwaysChmod || chowned || (mode & (_umask | 0xE00)) != 0)
            Check(FsCalls.TryFchmod(fd, mode), "fchmod", entry.Name);
    }

    private void SetXattrs(SafeFd? fd, string? path, TarEntry entry, IReadOnlyDictionary<string, string>? pax)
    {
        if (pax is null) return;
        foreach (var (key, value) in pax)
        {
            if (!key.StartsWith("SCHILY.xattr.", StringComparison.Ordinal)) continue;
            string xattr = key["SCHILY.xattr.".Length..];
            // PAX values are UTF-8 text; binary xattrs (capabilities) arrive as the Latin-1 bytes Go's archive/tar writes.
            byte[] bytes = Latin1IfPossible(value);
            int errno = fd is not null ? FsCalls.TrySetXattr(fd, xattr, bytes) : FsCalls.TrySetXattrPath(path!, xattr, bytes);
            // user.* cannot be set on symlinks and special files; trusted.* needs CAP_SYS_ADMIN: as Docker, skip those.
            if (errno is 0 or Errnos.EPERM or Errnos.EOPNOTSUPP) continue;
            throw new SyscallException(errno, "setxattr " + xattr, entry.Name);
        }
    }

    private static byte[] Latin1IfPossible(string value)
    {
        foreach (char c in value) if (c > 0xFF) return Encoding.UTF8.GetBytes(value);
        return Encoding.Latin1.GetBytes(value);
    }

    private static (long Sec, long Nsec) Time(DateTimeOffset t)
    {
        long ticks = t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long sec = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long rem);
        if (rem < 0) { sec--; rem += TimeSpan.TicksPerSecond; }
        return (sec, rem * 100);
    }

    private static (long Sec, long Nsec) AccessTime(IReadOnlyDictionary<string, string>? pax, long mtimeSec, long mtimeNsec)
    {
        if (pax is not null && pax.TryGetValue("atime", out string? text) && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal v))
        {
            long sec = (long)decimal.Floor(v);
            return (sec, (long)((v - sec) * 1_000_000_000m));
        }
        return (mtimeSec, mtimeNsec);
    }

    private void FinishDirectories()
    {
        // Deepest first does not matter for utimens, but a directory's time must be set after all its children.
        foreach (var (path, s, ns, a, an) in _dirTimes)
        {
            int errno = path.Length == 0
                ? (_root.TryOpen("", FsCalls.O_RDONLY | FsCalls.O_DIRECTORY, 0, out var fd))
                : RootDirectory.TryOpenAt2(_root.Handle, path, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY | FsCalls.O_NOFOLLOW, 0,
                    RootDirectory.RESOLVE_IN_ROOT | RootDirectory.RESOLVE_NO_MAGICLINKS, out fd);
            if (errno != 0) continue; // replaced or removed later in the tar
            using (fd) FsCalls.TryFutimens(fd, a, an, s, ns);
        }
    }

    private static string ProcPath(SafeFd parent, string baseName) => $"/proc/self/fd/{parent.Fd}/{baseName}";

    // ---- removal ------------------------------------------------------------------------------------------

    private SafeFd OpenAtNoFollow(SafeFd parent, string baseName, int flags, string display)
    {
        int errno = RootDirectory.TryOpenAt2(parent, baseName, flags | FsCalls.O_NOFOLLOW, 0,
            RootDirectory.RESOLVE_BENEATH | RootDirectory.RESOLVE_NO_SYMLINKS, out var fd);
        if (errno != 0) throw new SyscallException(errno, "openat2", _root.Display(display));
        return fd;
    }

    /// <summary>Removes <paramref name="baseName"/> in <paramref name="parent"/>, recursively for a directory.</summary>
    private void RemoveAt(SafeFd parent, string baseName, FileStatus? known)
    {
        ForgetDirectories();
        var st = known ?? (FsCalls.TryStatAt(parent, baseName, FsCalls.AT_SYMLINK_NOFOLLOW, out var s) == 0 ? s : (FileStatus?)null);
        if (st is null) return;
        if (st.Value.IsDirectory)
        {
            using (var fd = OpenAtNoFollow(parent, baseName, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY, baseName))
                foreach (string child in ListNames(fd)) RemoveAt(fd, child, null);
            Check(FsCalls.TryUnlinkAt(parent, baseName, directory: true), "unlinkat", baseName);
        }
        else
        {
            int errno = FsCalls.TryUnlinkAt(parent, baseName, directory: false);
            if (errno is not 0 and not Errnos.ENOENT) throw new SyscallException(errno, "unlinkat", baseName);
        }
    }

    /// <summary>The names in an open directory (read through /proc/self/fd so no path outside is looked up).</summary>
    internal static List<string> ListNames(SafeFd dir)
    {
        var names = new List<string>();
        foreach (string p in Directory.EnumerateFileSystemEntries($"/proc/self/fd/{dir.Fd}"))
            names.Add(Path.GetFileName(p));
        return names;
    }

    private void Check(int errno, string call, string path)
    {
        if (errno != 0) throw new SyscallException(errno, call, _root.Display(path));
    }

    public void Dispose()
    {
        ForgetDirectories();
        CloseRetired();
        _root.Dispose();
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
