using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Fs;

/// <summary>
/// What an open descriptor's file system and mount are (fstatfs, statx STATX_MNT_ID): whether the mount is
/// read-only, its f_type magic, its mount id. Answers about the object the descriptor holds, never about a path.
/// </summary>
public static unsafe class FileSystemOf
{
    private const long ST_RDONLY = 1;
    private const uint STATX_MNT_ID = 0x1000;

    /// <summary>Known pseudo file systems (linux/magic.h) whose files' sizes are not their contents.</summary>
    public const long PROC_SUPER_MAGIC = 0x9fa0, SYSFS_MAGIC = 0x62656572, DEVPTS_SUPER_MAGIC = 0x1cd1,
        CGROUP_SUPER_MAGIC = 0x27e0eb, CGROUP2_SUPER_MAGIC = 0x63677270, MQUEUE_MAGIC = 0x19800202,
        SECURITYFS_MAGIC = 0x73636673, DEBUGFS_MAGIC = 0x64626720, TRACEFS_MAGIC = 0x74726163, BPF_FS_MAGIC = unchecked((long)0xcafe4a11),
        NSFS_MAGIC = 0x6e736673, CONFIGFS_MAGIC = 0x62656570, FUSECTL_SUPER_MAGIC = 0x65735543, PSTOREFS_MAGIC = 0x6165676C,
        EFIVARFS_MAGIC = unchecked((long)0xde5e81e4), HUGETLBFS_MAGIC = unchecked((long)0x958458f6), BINFMTFS_MAGIC = 0x42494e4d;

    /// <summary>(f_type, f_flags) of the file system holding <paramref name="fd"/>.</summary>
    public static (long Type, long Flags) Statfs(SafeFd fd)
    {
        byte* buf = stackalloc byte[128];
        if (Libc.fstatfs(fd.Fd, buf) != 0) throw SyscallException.FromLastError("fstatfs");
        // struct statfs on x86_64: f_type at 0, f_flags at 80 (after bsize, blocks, bfree, bavail, files, ffree, fsid, namelen, frsize).
        return (*(long*)buf, *(long*)(buf + 80));
    }

    /// <summary>Whether the mount holding <paramref name="fd"/> is read-only (ST_RDONLY).</summary>
    public static bool IsReadOnly(SafeFd fd) => (Statfs(fd).Flags & ST_RDONLY) != 0;

    /// <summary>True for procfs, sysfs, cgroupfs and the other kernel-made trees a file copy must not descend into.</summary>
    public static bool IsPseudo(SafeFd fd)
    {
        long type = Statfs(fd).Type;
        return type is PROC_SUPER_MAGIC or SYSFS_MAGIC or DEVPTS_SUPER_MAGIC or CGROUP_SUPER_MAGIC or CGROUP2_SUPER_MAGIC
            or MQUEUE_MAGIC or SECURITYFS_MAGIC or DEBUGFS_MAGIC or TRACEFS_MAGIC or BPF_FS_MAGIC or NSFS_MAGIC or CONFIGFS_MAGIC
            or FUSECTL_SUPER_MAGIC or PSTOREFS_MAGIC or EFIVARFS_MAGIC or BINFMTFS_MAGIC;
    }

    /// <summary>The id of the mount <paramref name="fd"/> is on (statx STATX_MNT_ID).</summary>
    public static ulong MountId(SafeFd fd)
    {
        Libc.Statx st;
        if (Libc.statx(fd.Fd, "", Libc.AT_EMPTY_PATH | Libc.AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &st) != 0)
            throw SyscallException.FromLastError("statx");
        return st.MntId;
    }

    /// <summary>statx of the object <paramref name="fd"/> holds.</summary>
    public static FileStatus Stat(SafeFd fd) => FsCalls.StatAt(fd, "", FsCalls.AT_EMPTY_PATH | FsCalls.AT_SYMLINK_NOFOLLOW);

    /// <summary>The errno of the last failed call, for code that probes.</summary>
    internal static int LastError() => Marshal.GetLastPInvokeError();
}
