using System.Runtime.InteropServices;

namespace Berth.Linux.Interop;

/// <summary>statfs, to recognise namespace files (setns/unshare are in Libc.Namespaces.cs).</summary>
internal static unsafe partial class Libc
{
    /// <summary>f_type of a file on nsfs (linux/magic.h).</summary>
    public const long NSFS_MAGIC = 0x6e736673;

    /// <summary>fstatfs; <paramref name="buf"/> is a struct statfs (120 bytes on x86_64), f_type first.</summary>
    [LibraryImport(Name, SetLastError = true)]
    public static partial int fstatfs(int fd, byte* buf);
}
