using System.Runtime.InteropServices;

namespace Berth.Linux.Interop;

/// <summary>unshare and setns (sched.h).</summary>
internal static unsafe partial class Libc
{
    public const int CLONE_FS = 0x200, CLONE_NEWTIME = 0x80, CLONE_NEWNS = 0x20000, CLONE_NEWCGROUP = 0x02000000,
        CLONE_NEWUTS = 0x04000000, CLONE_NEWIPC = 0x08000000, CLONE_NEWUSER = 0x10000000,
        CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000;

    [LibraryImport(Name, SetLastError = true)]
    public static partial int unshare(int flags);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int setns(int fd, int nstype);
}
