using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux;

/// <summary>
/// A directory that paths are resolved inside of, as if it were "/": <c>openat2(RESOLVE_IN_ROOT)</c>, so
/// "..", absolute names and symlinks (absolute or relative) never lead outside it.
/// </summary>
public sealed unsafe class RootDirectory : IDisposable
{
    public const ulong RESOLVE_NO_XDEV = 0x01, RESOLVE_NO_MAGICLINKS = 0x02, RESOLVE_NO_SYMLINKS = 0x04,
        RESOLVE_BENEATH = 0x08, RESOLVE_IN_ROOT = 0x10, RESOLVE_CACHED = 0x20;

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    public SafeFd Handle { get; }
    /// <summary>The host path this root was opened from (for messages only; never used to resolve).</summary>
    public string HostPath { get; }

    private RootDirectory(SafeFd handle, string hostPath)
    {
        Handle = handle;
        HostPath = hostPath;
    }

    public static RootDirectory Open(string hostPath) =>
        new(FileDescriptors.Open(hostPath, Libc.O_PATH | Libc.O_DIRECTORY), hostPath);

    /// <summary>openat2 relative to <paramref name="dir"/> with the given resolve flags; the errno on failure.</summary>
    public static int TryOpenAt2(SafeFd dir, string path, int flags, uint mode, ulong resolve, out SafeFd fd)
    {
        var how = new OpenHow { Flags = (ulong)(flags | Libc.O_CLOEXEC), Mode = mode, Resolve = resolve };
        byte[] name = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = name)
        {
            long r = Libc.syscall(Syscalls.openat2, dir.Fd, (long)p, (long)&how, sizeof(OpenHow), 0, 0);
            if (r < 0)
            {
                fd = new SafeFd();
                return Marshal.GetLastPInvokeError();
            }
            fd = new SafeFd((int)r);
            return 0;
        }
    }

    /// <summary>Opens <paramref name="path"/> (interpreted inside this root) or returns the errno.</summary>
    public int TryOpen(string path, int flags, uint mode, out SafeFd fd) =>
        TryOpenAt2(Handle, path.Length == 0 ? "." : path, flags, mode, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS, out fd);

    public SafeFd Open(string path, int flags, uint mode = 0)
    {
        int errno = TryOpen(path, flags, mode, out var fd);
        if (errno != 0) throw new SyscallException(errno, "openat2", Display(path));
        return fd;
    }

    /// <summary>The path as a user would name it: host root + path inside.</summary>
    public string Display(string path) => HostPath.TrimEnd('/') + "/" + path.TrimStart('/');

    public void Dispose() => Handle.Dispose();
}
