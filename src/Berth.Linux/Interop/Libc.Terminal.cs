using System.Runtime.InteropServices;

namespace Berth.Linux.Interop;

/// <summary>Pseudo-terminals and terminal modes (ioctl, termios).</summary>
internal static unsafe partial class Libc
{
    public const ulong TIOCGPTN = 0x80045430, TIOCSPTLCK = 0x40045431, TIOCGPTPEER = 0x5441, TIOCSCTTY = 0x540E,
        TIOCGWINSZ = 0x5413, TIOCSWINSZ = 0x5414;

    [StructLayout(LayoutKind.Sequential)]
    public struct WinSize
    {
        public ushort Rows;
        public ushort Cols;
        public ushort XPixel;
        public ushort YPixel;
    }

    [LibraryImport(Name, SetLastError = true)]
    public static partial int ioctl(int fd, ulong request, void* arg);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int ioctl(int fd, ulong request, nint arg);

    /// <summary>sizeof(struct termios) in glibc is 60; kept generous.</summary>
    public const int TermiosSize = 64;
    public const int TCSANOW = 0;

    [LibraryImport(Name, SetLastError = true)]
    public static partial int tcgetattr(int fd, void* termios);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int tcsetattr(int fd, int action, void* termios);

    [LibraryImport(Name, SetLastError = true)]
    public static partial void cfmakeraw(void* termios);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int isatty(int fd);
}
