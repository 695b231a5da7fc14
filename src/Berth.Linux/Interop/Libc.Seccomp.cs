using System.Runtime.InteropServices;

namespace Berth.Linux.Interop;

/// <summary>seccomp(2), called through <see cref="syscall"/> (Syscalls.seccomp).</summary>
internal static unsafe partial class Libc
{
    public const int SECCOMP_SET_MODE_FILTER = 1, SECCOMP_GET_ACTION_AVAIL = 2;

    /// <summary>struct sock_fprog.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockFprog
    {
        public ushort Length;
        public void* Filter;
    }
}
