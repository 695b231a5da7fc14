using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Processes;

/// <summary>Waiting for children (waitpid), retrying on EINTR.</summary>
public static unsafe class ProcessWait
{
    public static ExitStatus Wait(int pid)
    {
        int status;
        while (Libc.waitpid(pid, &status, Libc.__WALL) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Errnos.EINTR) throw new SyscallException(errno, "waitpid");
        }
        return ExitStatus.FromWaitStatus(status);
    }

    /// <summary>Reaps the child if it has exited; null while it runs.</summary>
    public static ExitStatus? TryWait(int pid)
    {
        int status;
        int r = Libc.waitpid(pid, &status, Libc.WNOHANG | Libc.__WALL);
        if (r < 0) throw SyscallException.FromLastError("waitpid");
        return r == 0 ? null : ExitStatus.FromWaitStatus(status);
    }

    /// <summary>kill(2); false when the process does not exist (ESRCH).</summary>
    public static bool Signal(int pid, int signal)
    {
        if (Libc.kill(pid, signal) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == Errnos.ESRCH) return false;
        throw new SyscallException(errno, "kill");
    }
}
