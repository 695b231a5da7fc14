namespace Berth.Linux.Fs;

/// <summary>What statx tells about one file (the fields image code needs).</summary>
public readonly record struct FileStatus(
    uint Mode, uint Uid, uint Gid, long Size, uint Nlink, ulong Inode, ulong Device,
    uint RdevMajor, uint RdevMinor, long MtimeSeconds, uint MtimeNanoseconds, long Blocks)
{
    public const uint S_IFMT = 0xF000, S_IFSOCK = 0xC000, S_IFLNK = 0xA000, S_IFREG = 0x8000, S_IFBLK = 0x6000,
        S_IFDIR = 0x4000, S_IFCHR = 0x2000, S_IFIFO = 0x1000;

    public uint Type => Mode & S_IFMT;
    public uint Permissions => Mode & 0xFFF;
    public bool IsDirectory => Type == S_IFDIR;
    public bool IsRegular => Type == S_IFREG;
    public bool IsSymlink => Type == S_IFLNK;
    public bool IsCharDevice => Type == S_IFCHR;
    public bool IsBlockDevice => Type == S_IFBLK;
    public bool IsFifo => Type == S_IFIFO;
    public bool IsSocket => Type == S_IFSOCK;

    /// <summary>An overlayfs whiteout: a character device 0/0.</summary>
    public bool IsWhiteout => IsCharDevice && RdevMajor == 0 && RdevMinor == 0;

    public DateTimeOffset Mtime => DateTimeOffset.FromUnixTimeSeconds(MtimeSeconds).AddTicks(MtimeNanoseconds / 100);
}
