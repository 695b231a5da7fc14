using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Terminal;

/// <summary>A pseudo-terminal pair opened from a devpts instance's ptmx.</summary>
public sealed unsafe class PseudoTerminal : IDisposable
{
    public SafeFd Master { get; }
    public SafeFd Slave { get; }
    /// <summary>The slave's number in its devpts instance (/dev/pts/N).</summary>
    public int Number { get; }

    private PseudoTerminal(SafeFd master, SafeFd slave, int number)
    {
        Master = master;
        Slave = slave;
        Number = number;
    }

    /// <summary>Opens <paramref name="ptmxPath"/>, unlocks the slave and opens it through the master (TIOCGPTPEER).</summary>
    public static PseudoTerminal Open(string ptmxPath = "/dev/ptmx")
    {
        var master = FileDescriptors.Open(ptmxPath, Libc.O_RDWR | Libc.O_NOCTTY);
        try
        {
            int unlock = 0;
            if (Libc.ioctl(master.Fd, Libc.TIOCSPTLCK, &unlock) != 0) throw SyscallException.FromLastError("ioctl(TIOCSPTLCK)", ptmxPath);
            int number;
            if (Libc.ioctl(master.Fd, Libc.TIOCGPTN, &number) != 0) throw SyscallException.FromLastError("ioctl(TIOCGPTN)", ptmxPath);
            int slave = Libc.ioctl(master.Fd, Libc.TIOCGPTPEER, (nint)(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC));
            if (slave < 0) throw SyscallException.FromLastError("ioctl(TIOCGPTPEER)", ptmxPath);
            return new PseudoTerminal(master, new SafeFd(slave), number);
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    public static void SetWindowSize(SafeFd fd, ushort rows, ushort cols)
    {
        var ws = new Libc.WinSize { Rows = rows, Cols = cols };
        if (Libc.ioctl(fd.Fd, Libc.TIOCSWINSZ, &ws) != 0) throw SyscallException.FromLastError("ioctl(TIOCSWINSZ)");
    }

    /// <summary>The window size of a terminal; null when <paramref name="fd"/> is not one.</summary>
    public static (ushort Rows, ushort Cols)? GetWindowSize(int fd)
    {
        Libc.WinSize ws;
        if (Libc.ioctl(fd, Libc.TIOCGWINSZ, &ws) != 0) return null;
        return (ws.Rows, ws.Cols);
    }

    /// <summary>Makes <paramref name="fd"/> the controlling terminal of the calling process (a session leader).</summary>
    public static void SetControllingTerminal(int fd)
    {
        if (Libc.ioctl(fd, Libc.TIOCSCTTY, (nint)0) != 0) throw SyscallException.FromLastError("ioctl(TIOCSCTTY)");
    }

    public static bool IsTerminal(int fd) => Libc.isatty(fd) == 1;

    public void Dispose()
    {
        Master.Dispose();
        Slave.Dispose();
    }
}
