using System.Runtime.InteropServices;

namespace Berth.Linux.Interop;

internal static unsafe partial class Libc
{
    /// <summary>struct termios of glibc on Linux (60 bytes: four flag words, c_line, c_cc[32], speeds).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Termios
    {
        public uint c_iflag;
        public uint c_oflag;
        public uint c_cflag;
        public uint c_lflag;
        public byte c_line;
        public fixed byte c_cc[32];
        public uint c_ispeed;
        public uint c_ospeed;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Winsize
    {
        public ushort ws_row;
        public ushort ws_col;
        public ushort ws_xpixel;
        public ushort ws_ypixel;
    }

    [LibraryImport(Name, SetLastError = true)]
    public static partial int tcgetattr(int fd, Termios* termios);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int tcsetattr(int fd, int optionalActions, Termios* termios);

    [LibraryImport(Name, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int ioctl_winsize(int fd, ulong request, Winsize* winsize);
}
