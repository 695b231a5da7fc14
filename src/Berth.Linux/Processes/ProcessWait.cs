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

    /// <summary>
    /// waitpid(-1): reaps any child (a PID 1 reaping orphans). Returns (0, default) with <paramref name="noHang"/>
    /// when none has exited yet, and (-1, default) when there are no children at all.
    /// </summary>
    public static (int Pid, ExitStatus Status) WaitAny(bool noHang = false)
    {
        while (true)
        {
            int status;
            int pid = Libc.waitpid(-1, &status, (noHang ? Libc.WNOHANG : 0) | Libc.__WALL);
            if (pid > 0) return (pid, ExitStatus.FromWaitStatus(status));
            if (pid == 0) return (0, default);
            if (Marshal.GetLastPInvokeError() == Errnos.EINTR) continue;
            return (-1, default);
        }
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
