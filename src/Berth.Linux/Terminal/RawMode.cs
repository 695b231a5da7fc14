using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Terminal;

/// <summary>Puts a terminal in raw mode and restores its previous mode when disposed.</summary>
public sealed unsafe class RawMode : IDisposable
{
    private readonly int _fd;
    private readonly byte[] _saved = new byte[Libc.TermiosSize];
    private bool _active;

    private RawMode(int fd) => _fd = fd;

    /// <summary>Raw mode on <paramref name="fd"/>; null when it is not a terminal.</summary>
    public static RawMode? Enter(int fd)
    {
        var mode = new RawMode(fd);
        fixed (byte* saved = mode._saved)
        {
            if (Libc.tcgetattr(fd, saved) != 0) return null;
            byte* raw = stackalloc byte[Libc.TermiosSize];
            Buffer.MemoryCopy(saved, raw, Libc.TermiosSize, Libc.TermiosSize);
            Libc.cfmakeraw(raw);
            if (Libc.tcsetattr(fd, Libc.TCSANOW, raw) != 0) return null;
        }
        mode._active = true;
        return mode;
    }

    public void Dispose()
    {
        if (!_active) return;
        _active = false;
        fixed (byte* saved = _saved) Libc.tcsetattr(_fd, Libc.TCSANOW, saved);
    }
}
