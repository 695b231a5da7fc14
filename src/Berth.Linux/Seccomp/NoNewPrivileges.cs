using Berth.Linux.Interop;

namespace Berth.Linux.Seccomp;

/// <summary>
/// The no_new_privs bit of the calling thread (PR_SET_NO_NEW_PRIVS): once set, execve never grants privileges
/// (setuid bits, file capabilities), and seccomp filters may be loaded without CAP_SYS_ADMIN. It cannot be unset.
/// </summary>
public static class NoNewPrivileges
{
    // prctl options (linux/prctl.h); prctl itself goes through syscall() so no import is shared with other families.
    private const int PR_SET_NO_NEW_PRIVS = 38, PR_GET_NO_NEW_PRIVS = 39;

    public static void Set()
    {
        if (Libc.syscall(Syscalls.prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0) != 0)
            throw SyscallException.FromLastError("prctl(PR_SET_NO_NEW_PRIVS)");
    }

    public static bool IsSet()
    {
        long r = Libc.syscall(Syscalls.prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0, 0);
        if (r < 0) throw SyscallException.FromLastError("prctl(PR_GET_NO_NEW_PRIVS)");
        return r == 1;
    }
}
