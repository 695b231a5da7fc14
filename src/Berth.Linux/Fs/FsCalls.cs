using System.Runtime.InteropServices;
using System.Text;
using Berth.Linux.Interop;

namespace Berth.Linux.Fs;

/// <summary>
/// Descriptor-relative file calls for code that builds directory trees it must keep inside a root (layer
/// unpacking, diffs). Every name given with a directory descriptor is one path component or a path resolved
/// by the kernel relative to that descriptor; <c>null</c> for the directory means the working directory.
/// Expected failures come back as the errno (0 for success); the rest throw <see cref="SyscallException"/>.
/// </summary>
public static unsafe class FsCalls
{
    public const int AT_SYMLINK_NOFOLLOW = Libc.AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH = Libc.AT_EMPTY_PATH,
        AT_REMOVEDIR = Libc.AT_REMOVEDIR, AT_SYMLINK_FOLLOW = 0x400;
    public const int O_RDONLY = Libc.O_RDONLY, O_WRONLY = Libc.O_WRONLY, O_RDWR = Libc.O_RDWR, O_CREAT = Libc.O_CREAT,
        O_EXCL = Libc.O_EXCL, O_TRUNC = Libc.O_TRUNC, O_DIRECTORY = Libc.O_DIRECTORY, O_NOFOLLOW = Libc.O_NOFOLLOW,
        O_PATH = Libc.O_PATH, O_NONBLOCK = Libc.O_NONBLOCK;

    private const long SYS_syncfs = 306, SYS_fremovexattr = 199, SYS_lremovexattr = 198;

    private static int Dir(SafeFd? dir) => dir?.Fd ?? Libc.AT_FDCWD;

    private static int Result(int r) => r == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static int TryMkdirAt(SafeFd? dir, string name, uint mode) => Result(Libc.mkdirat(Dir(dir), name, mode));

    public static int TryMknodAt(SafeFd? dir, string name, uint mode, ulong device) => Result(Libc.mknodat(Dir(dir), name, mode, device));

    public static int TrySymlinkAt(string target, SafeFd? dir, string name) => Result(Libc.symlinkat(target, Dir(dir), name));

    public static int TryLinkAt(SafeFd? oldDir, string oldName, SafeFd? newDir, string newName, int flags) =>
        Result(Libc.linkat(Dir(oldDir), oldName, Dir(newDir), newName, flags));

    public static int TryUnlinkAt(SafeFd? dir, string name, bool directory) =>
        Result(Libc.unlinkat(Dir(dir), name, directory ? Libc.AT_REMOVEDIR : 0));

    public static int TryRenameAt(SafeFd? oldDir, string oldName, SafeFd? newDir, string newName, uint flags = 0) =>
        Result(Libc.renameat2(Dir(oldDir), oldName, Dir(newDir), newName, flags));

    public const uint RENAME_NOREPLACE = Libc.RENAME_NOREPLACE, RENAME_EXCHANGE = Libc.RENAME_EXCHANGE;

    public static int TryChownAt(SafeFd? dir, string name, uint uid, uint gid, int flags) =>
        Result(Libc.fchownat(Dir(dir), name, uid, gid, flags));

    public static int TryChmodAt(SafeFd? dir, string name, uint mode) => Result(Libc.fchmodat(Dir(dir), name, mode, 0));

    public static int TryFchown(SafeFd fd, uint uid, uint gid) => Result(Libc.fchown(fd.Fd, uid, gid));

    public static int TryFchmod(SafeFd fd, uint mode) => Result(Libc.fchmod(fd.Fd, mode));

    /// <summary>Sets access and modification times (seconds + nanoseconds) of a name relative to a directory.</summary>
    public static int TryUtimensAt(SafeFd? dir, string name, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec, int flags)
    {
        var t = stackalloc Libc.Timespec[2];
        t[0] = new Libc.Timespec { Sec = atimeSec, Nsec = atimeNsec };
        t[1] = new Libc.Timespec { Sec = mtimeSec, Nsec = mtimeNsec };
        return Result(Libc.utimensat(Dir(dir), name, t, flags));
    }

    public static int TryFutimens(SafeFd fd, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec)
    {
        var t = stackalloc Libc.Timespec[2];
        t[0] = new Libc.Timespec { Sec = atimeSec, Nsec = atimeNsec };
        t[1] = new Libc.Timespec { Sec = mtimeSec, Nsec = mtimeNsec };
        return Result(Libc.futimens(fd.Fd, t));
    }

    /// <summary>statx of a name relative to a directory (<see cref="AT_SYMLINK_NOFOLLOW"/>, <see cref="AT_EMPTY_PATH"/> with "").</summary>
    public static int TryStatAt(SafeFd? dir, string name, int flags, out FileStatus status)
    {
        Libc.Statx st;
        int r = Libc.statx(Dir(dir), name, flags, Libc.STATX_BASIC_STATS, &st);
        if (r != 0)
        {
            status = default;
            return Marshal.GetLastPInvokeError();
        }
        status = new FileStatus(st.Mode, st.Uid, st.Gid, (long)st.Size, st.Nlink, st.Ino,
            ((ulong)st.DevMajor << 32) | st.DevMinor, st.RdevMajor, st.RdevMinor, st.Mtime.Sec, st.Mtime.Nsec, (long)st.Blocks);
        return 0;
    }

    public static FileStatus StatAt(SafeFd? dir, string name, int flags)
    {
        int errno = TryStatAt(dir, name, flags, out var status);
        if (errno != 0) throw new SyscallException(errno, "statx", name);
        return status;
    }

    public static int TryReadLinkAt(SafeFd? dir, string name, out string target)
    {
        byte[] buffer = new byte[4096];
        fixed (byte* p = buffer)
        {
            nint n = Libc.readlinkat(Dir(dir), name, p, buffer.Length);
            if (n < 0)
            {
                target = "";
                return Marshal.GetLastPInvokeError();
            }
            target = Encoding.UTF8.GetString(buffer, 0, (int)n);
            return 0;
        }
    }

    public static int TrySetXattr(SafeFd fd, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
            return Result(Libc.fsetxattr(fd.Fd, name, p, value.Length, 0));
    }

    /// <summary>setxattr on a path without following a final symlink.</summary>
    public static int TrySetXattrPath(string path, string name, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value)
            return Result(Libc.lsetxattr(path, name, p, value.Length, 0));
    }

    public static int TryRemoveXattr(SafeFd fd, string name)
    {
        byte[] n = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* p = n)
            return Libc.syscall(SYS_fremovexattr, fd.Fd, (long)p, 0, 0, 0, 0) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>The value of an xattr, or null when the file has none of that name (or the filesystem has none).</summary>
    public static byte[]? GetXattrPath(string path, string name)
    {
        byte[] buffer = new byte[256];
        while (true)
        {
            nint n;
            fixed (byte* p = buffer) n = Libc.lgetxattr(path, name, p, buffer.Length);
            if (n >= 0) return buffer.AsSpan(0, (int)n).ToArray();
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errnos.ERANGE) { buffer = new byte[buffer.Length * 4]; continue; }
            if (errno is Errnos.ENODATA or Errnos.EOPNOTSUPP) return null;
            throw new SyscallException(errno, "lgetxattr", path);
        }
    }

    /// <summary>The xattr names of a path (not following a final symlink); empty when unsupported.</summary>
    public static List<string> ListXattrsPath(string path)
    {
        byte[] buffer = new byte[1024];
        while (true)
        {
            nint n;
            fixed (byte* p = buffer) n = Libc.llistxattr(path, p, buffer.Length);
            if (n >= 0) return SplitNames(buffer.AsSpan(0, (int)n));
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errnos.ERANGE) { buffer = new byte[buffer.Length * 4]; continue; }
            if (errno == Errnos.EOPNOTSUPP) return new List<string>();
            throw new SyscallException(errno, "llistxattr", path);
        }
    }

    private static List<string> SplitNames(ReadOnlySpan<byte> list)
    {
        var names = new List<string>();
        while (list.Length > 0)
        {
            int end = list.IndexOf((byte)0);
            if (end < 0) end = list.Length;
            if (end > 0) names.Add(Encoding.UTF8.GetString(list[..end]));
            list = end < list.Length ? list[(end + 1)..] : default;
        }
        return names;
    }

    /// <summary>Flushes the whole filesystem that holds <paramref name="fd"/> to disk.</summary>
    public static void Syncfs(SafeFd fd)
    {
        if (Libc.syscall(SYS_syncfs, fd.Fd, 0, 0, 0, 0, 0) != 0) throw SyscallException.FromLastError("syncfs");
    }

    public static void Fsync(SafeFd fd)
    {
        if (Libc.fsync(fd.Fd) != 0) throw SyscallException.FromLastError("fsync");
    }

    /// <summary>The process umask, from /proc/self/status (setting it to read it would race other threads).</summary>
    public static uint Umask()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("Umask:", StringComparison.Ordinal))
                return Convert.ToUInt32(line[6..].Trim(), 8);
        return 18; // 022
    }

    /// <summary>The kernel's dev_t for a major/minor pair (glibc's makedev).</summary>
    public static ulong MakeDevice(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);
}
