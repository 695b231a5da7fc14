using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Terminal;

/// <summary>Terminal control for the CLI: isatty, window size, raw mode (cfmakeraw as moby/term does) and restore.</summary>
public static unsafe class Tty
{
    // termios flag bits (asm-generic/termbits.h)
    private const uint IGNBRK = 0x1, BRKINT = 0x2, PARMRK = 0x8, ISTRIP = 0x20, INLCR = 0x40, IGNCR = 0x80, ICRNL = 0x100,
        IXON = 0x400, OPOST = 0x1, ECHO = 0x8, ECHONL = 0x40, ICANON = 0x2, ISIG = 0x1, IEXTEN = 0x8000,
        CSIZE = 0x30, PARENB = 0x100, CS8 = 0x30;
    private const int VTIME = 5, VMIN = 6;

    public static bool IsTerminal(int fd) => Libc.isatty(fd) == 1;

    /// <summary>The window size of the terminal on fd; false when fd is not a terminal.</summary>
    public static bool TryGetSize(int fd, out ushort rows, out ushort columns)
    {
        Libc.Winsize ws;
        if (Libc.ioctl_winsize(fd, Libc.TIOCGWINSZ, &ws) != 0)
        {
            rows = columns = 0;
            return false;
        }
        rows = ws.ws_row;
        columns = ws.ws_col;
        return true;
    }

    /// <summary>Sets a terminal's window size (used by tests driving a pty).</summary>
    public static void SetSize(int fd, ushort rows, ushort columns)
    {
        var ws = new Libc.Winsize { ws_row = rows, ws_col = columns };
        if (Libc.ioctl_winsize(fd, Libc.TIOCSWINSZ, &ws) != 0)
            throw SyscallException.FromLastError("ioctl(TIOCSWINSZ)");
    }

    /// <summary>Puts the terminal in raw mode and returns the previous settings; null when fd is not a terminal.</summary>
    public static TerminalMode? MakeRaw(int fd)
    {
        Libc.Termios t;
        if (Libc.tcgetattr(fd, &t) != 0) return null;
        var saved = new byte[sizeof(Libc.Termios)];
        fixed (byte* p = saved) *(Libc.Termios*)p = t;
        t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
        t.c_oflag &= ~OPOST;
        t.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        t.c_cflag &= ~(CSIZE | PARENB);
        t.c_cflag |= CS8;
        t.c_cc[VMIN] = 1;
        t.c_cc[VTIME] = 0;
        if (Libc.tcsetattr(fd, (int)Libc.TCSANOW, &t) != 0)
            throw SyscallException.FromLastError("tcsetattr");
        return new TerminalMode(fd, saved);
    }

    /// <summary>Puts back the settings saved by MakeRaw.</summary>
    public static void Restore(TerminalMode mode)
    {
        Libc.Termios t;
        fixed (byte* p = mode.Saved) t = *(Libc.Termios*)p;
        Libc.tcsetattr(mode.Fd, (int)Libc.TCSANOW, &t);
    }

    /// <summary>Disables echo (for reading a password) and returns the previous settings.</summary>
    public static TerminalMode? DisableEcho(int fd)
    {
        Libc.Termios t;
        if (Libc.tcgetattr(fd, &t) != 0) return null;
        var saved = new byte[sizeof(Libc.Termios)];
        fixed (byte* p = saved) *(Libc.Termios*)p = t;
        t.c_lflag &= ~ECHO;
        Libc.tcsetattr(fd, (int)Libc.TCSANOW, &t);
        return new TerminalMode(fd, saved);
    }

    internal static int LastError => Marshal.GetLastPInvokeError();
}
