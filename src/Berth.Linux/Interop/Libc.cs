using System.Runtime.InteropServices;

namespace Berth.Linux.Interop;

/// <summary>
/// Raw libc entry points. One partial file per family of calls (Libc.Files.cs, Libc.Mount.cs, ...).
/// Everything returns the raw result; callers turn failures into <see cref="SyscallException"/>.
/// </summary>
internal static unsafe partial class Libc
{
    public const string Name = "libc";

    [LibraryImport(Name, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Name, SetLastError = true)]
    public static partial long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);
}
