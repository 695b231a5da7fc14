using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Descriptors;

/// <summary>poll(2) over a few descriptors, retrying on EINTR.</summary>
public static unsafe class Poll
{
    public const short In = 0x1, Out = 0x4, Error = 0x8, HangUp = 0x10, Invalid = 0x20;

    [StructLayout(LayoutKind.Sequential)]
    public struct Entry
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>Waits until an entry is ready or the timeout (ms, -1 forever) passes; the number of ready entries.</summary>
    public static int Wait(Span<Entry> entries, int timeoutMs)
    {
        fixed (Entry* e = entries)
        {
            while (true)
            {
                int r = Libc.poll((Libc.PollFd*)e, (nuint)entries.Length, timeoutMs);
                if (r >= 0) return r;
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errnos.EINTR) throw new SyscallException(errno, "poll");
            }
        }
    }
}
