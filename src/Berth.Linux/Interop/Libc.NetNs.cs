using System.Runtime.InteropServices;

namespace Berth.Linux.Interop;

/// <summary>setns/unshare and friends (sched.h), plus statfs to recognise namespace files.</summary>
internal static unsafe partial class Libc
{
    public const int CLONE_NEWNS = 0x00020000, CLONE_NEWCGROUP = 0x02000000, CLONE_NEWUTS = 0x04000000,
        CLONE_NEWIPC = 0x08000000, CLONE_NEWUSER = 0x10000000, CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000,
        CLONE_FS = 0x00000200;

    /// <summary>f_type of a file on nsfs (linux/magic.h).</summary>
    public const long NSFS_MAGIC = 0x6e736673;

    [LibraryImport(Name, SetLastError = true)]
    public static partial int setns(int fd, int nstype);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int unshare(int flags);

    /// <summary>fstatfs; <paramref name="buf"/> is a struct statfs (120 bytes on x86_64), f_type first.</summary>
    [LibraryImport(Name, SetLastError = true)]
    public static partial int fstatfs(int fd, byte* buf);
}
