using System.Runtime.InteropServices;

namespace Berth.Linux.Interop;

/// <summary>seccomp(2) and the prctl options around it; both go through <see cref="syscall"/> (Syscalls.seccomp, Syscalls.prctl).</summary>
internal static unsafe partial class Libc
{
    public const int SECCOMP_SET_MODE_FILTER = 1, SECCOMP_GET_ACTION_AVAIL = 2;
    public const int PR_GET_NO_NEW_PRIVS = 39, PR_GET_SECCOMP = 21;

    /// <summary>struct sock_fprog.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct SockFprog
    {
        public ushort Length;
        public void* Filter;
    }
}
