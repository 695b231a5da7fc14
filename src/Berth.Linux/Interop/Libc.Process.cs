using System.Runtime.InteropServices;

namespace Berth.Linux.Interop;

/// <summary>Process attributes: prctl, execve, sessions, names, limits, umask, signal dispositions, keyrings.</summary>
internal static unsafe partial class Libc
{
    public const int PR_SET_PDEATHSIG = 1, PR_SET_DUMPABLE = 4, PR_SET_KEEPCAPS = 8, PR_CAPBSET_READ = 23,
        PR_CAPBSET_DROP = 24, PR_SET_CHILD_SUBREAPER = 36, PR_SET_NO_NEW_PRIVS = 38, PR_CAP_AMBIENT = 47;
    public const int PR_CAP_AMBIENT_RAISE = 2, PR_CAP_AMBIENT_CLEAR_ALL = 4;

    [LibraryImport(Name, SetLastError = true)]
    public static partial int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int execve(byte* path, byte** argv, byte** envp);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int setsid();

    [LibraryImport(Name, SetLastError = true)]
    public static partial int sethostname(byte* name, nuint length);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int setdomainname(byte* name, nuint length);

    [StructLayout(LayoutKind.Sequential)]
    public struct Rlimit
    {
        public ulong Cur;
        public ulong Max;
    }

    [LibraryImport(Name, SetLastError = true)]
    public static partial int prlimit(int pid, int resource, Rlimit* newLimit, Rlimit* oldLimit);

    [LibraryImport(Name, SetLastError = true)]
    public static partial uint umask(uint mask);

    public const nint SIG_DFL = 0, SIG_IGN = 1;

    [LibraryImport(Name, SetLastError = true)]
    public static partial nint signal(int signum, nint handler);

    public const int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;

    [LibraryImport(Name, SetLastError = true)]
    public static partial int pthread_sigmask(int how, void* set, void* oldset);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int sigprocmask(int how, void* set, void* oldset);

    [LibraryImport(Name, SetLastError = true)]
    public static partial uint geteuid();

    /// <summary>keyctl(2) has no glibc wrapper (x86_64 number).</summary>
    public const long SYS_keyctl = 250;
    public const long KEYCTL_JOIN_SESSION_KEYRING = 1;
}
