using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Seccomp;

/// <summary>
/// Installs a classic BPF seccomp filter on the calling thread (all threads with <see cref="SeccompFilterFlags.Tsync"/>).
/// The kernel accepts it only with no_new_privs set or CAP_SYS_ADMIN in the caller's user namespace; children and
/// programs started by execve inherit it.
/// </summary>
public static unsafe class SeccompLoader
{
    private const int PR_GET_SECCOMP = 21;

    /// <summary>Loads the filter; returns the listener fd with <see cref="SeccompFilterFlags.NewListener"/>, else null.</summary>
    public static SafeFd? Load(ReadOnlySpan<BpfInstruction> program, SeccompFilterFlags flags)
    {
        int errno = TryLoad(program, flags, out long result);
        if (errno == Errnos.EACCES)
            throw new SyscallException(errno, "seccomp(SECCOMP_SET_MODE_FILTER) (needs no_new_privs or CAP_SYS_ADMIN)");
        if (errno != 0) throw new SyscallException(errno, "seccomp(SECCOMP_SET_MODE_FILTER)");
        if ((flags & SeccompFilterFlags.Tsync) != 0 && (flags & SeccompFilterFlags.NewListener) == 0 && result > 0)
            throw new SyscallException(Errnos.ESRCH, $"seccomp(SECCOMP_SET_MODE_FILTER): thread {result} could not be synchronized");
        return (flags & SeccompFilterFlags.NewListener) != 0 ? new SafeFd((int)result) : null;
    }

    /// <summary>The errno of a failed load (0 on success); <paramref name="result"/> is the syscall's return value.</summary>
    public static int TryLoad(ReadOnlySpan<BpfInstruction> program, SeccompFilterFlags flags, out long result)
    {
        result = -1;
        if (program.Length == 0 || program.Length > SeccompAbi.MaxInstructions) return Errnos.EINVAL;
        fixed (BpfInstruction* p = program)
        {
            var fprog = new Libc.SockFprog { Length = (ushort)program.Length, Filter = p };
            result = Libc.syscall(Syscalls.seccomp, Libc.SECCOMP_SET_MODE_FILTER, (long)flags, (long)&fprog, 0, 0, 0);
            return result < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
    }

    /// <summary>Whether the kernel knows a return action (SECCOMP_GET_ACTION_AVAIL), e.g. <see cref="SeccompAbi.RetKillProcess"/>.</summary>
    public static bool IsActionAvailable(uint action)
    {
        uint value = action & SeccompAbi.RetActionFullMask;
        return Libc.syscall(Syscalls.seccomp, Libc.SECCOMP_GET_ACTION_AVAIL, 0, (long)&value, 0, 0, 0) == 0;
    }

    /// <summary>The calling thread's seccomp mode: 0 none, 1 strict, 2 filter.</summary>
    public static int CurrentMode()
    {
        long r = Libc.syscall(Syscalls.prctl, PR_GET_SECCOMP, 0, 0, 0, 0, 0);
        if (r < 0) throw SyscallException.FromLastError("prctl(PR_GET_SECCOMP)");
        return (int)r;
    }
}
