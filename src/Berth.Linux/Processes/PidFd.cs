using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Processes;

/// <summary>A pidfd: a handle on one process that cannot be confused with a later process reusing its pid.</summary>
public static unsafe class PidFd
{
    /// <summary>pidfd_open; returns the errno (ESRCH when the process is gone).</summary>
    public static int TryOpen(int pid, out SafeFd fd)
    {
        long r = Libc.syscall(Syscalls.pidfd_open, pid, 0, 0, 0, 0, 0);
        if (r < 0)
        {
            fd = new SafeFd();
            return Marshal.GetLastPInvokeError();
        }
        fd = new SafeFd((int)r);
        return 0;
    }

    /// <summary>pidfd_send_signal; false when the process has already exited.</summary>
    public static bool Signal(SafeFd pidfd, int signal)
    {
        if (Libc.syscall(Syscalls.pidfd_send_signal, pidfd.Fd, signal, 0, 0, 0, 0) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == Errnos.ESRCH) return false;
        throw new SyscallException(errno, "pidfd_send_signal");
    }

    /// <summary>Waits until the process exits (a zombie counts) or the timeout passes; true when it exited.</summary>
    public static bool WaitExited(SafeFd pidfd, int timeoutMs)
    {
        var p = new Libc.PollFd { Fd = pidfd.Fd, Events = Libc.POLLIN };
        long deadline = Environment.TickCount64 + timeoutMs;
        while (true)
        {
            int left = timeoutMs < 0 ? -1 : (int)Math.Max(0, deadline - Environment.TickCount64);
            int r = Libc.poll(&p, 1, left);
            if (r > 0) return true;
            if (r == 0) return false;
            int errno = Marshal.GetLastPInvokeError();
            if (errno != Errnos.EINTR) throw new SyscallException(errno, "poll");
        }
    }
}
