using Berth.Linux.Interop;

namespace Berth.Linux;

/// <summary>The fields of statx(2) that callers use.</summary>
public readonly record struct FileStatus(uint Mode, uint Uid, uint Gid, long Size, uint RdevMajor, uint RdevMinor,
    ulong Inode, uint DevMajor, uint DevMinor, uint Nlink, DateTimeOffset Mtime)
{
    public const uint S_IFMT = 0xF000, S_IFSOCK = 0xC000, S_IFLNK = 0xA000, S_IFREG = 0x8000, S_IFBLK = 0x6000,
        S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFIFO = 0x1000;

    public bool IsDirectory => (Mode & S_IFMT) == S_IFDIR;
    public bool IsRegular => (Mode & S_IFMT) == S_IFREG;
    public bool IsSymlink => (Mode & S_IFMT) == S_IFLNK;
    public bool IsCharDevice => (Mode & S_IFMT) == S_IFCHR;
    public bool IsBlockDevice => (Mode & S_IFMT) == S_IFBLK;

    public static unsafe int TryStat(string path, bool followSymlinks, out FileStatus status) =>
        TryStatAt(Libc.AT_FDCWD, path, followSymlinks, out status);

    public static unsafe int TryStatAt(int dirFd, string path, bool followSymlinks, out FileStatus status)
    {
        Libc.Statx sx;
        int flags = (followSymlinks ? 0 : Libc.AT_SYMLINK_NOFOLLOW) | (path.Length == 0 ? Libc.AT_EMPTY_PATH : 0);
        if (Libc.statx(dirFd, path, flags, Libc.STATX_BASIC_STATS, &sx) != 0)
        {
            status = default;
            return System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        }
        status = new FileStatus(sx.Mode, sx.Uid, sx.Gid, (long)sx.Size, sx.RdevMajor, sx.RdevMinor, sx.Ino, sx.DevMajor, sx.DevMinor,
            sx.Nlink, DateTimeOffset.FromUnixTimeSeconds(sx.Mtime.Sec).AddTicks(sx.Mtime.Nsec / 100));
        return 0;
    }

    public static FileStatus Stat(string path, bool followSymlinks = true)
    {
        int errno = TryStat(path, followSymlinks, out var st);
        if (errno != 0) throw new SyscallException(errno, "statx", path);
        return st;
    }
}
