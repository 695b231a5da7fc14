using Berth.Linux.Interop;

namespace Berth.Linux.Mounts;

/// <summary>Directory and node creation by path where the exact errno matters (EEXIST).</summary>
public static class DirectoryCalls
{
    /// <summary>mkdir(2); 0 or the errno.</summary>
    public static int TryMkdir(string path, uint mode) =>
        Libc.mkdirat(Libc.AT_FDCWD, path, mode) == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();

    /// <summary>mkfifo(3); 0 or the errno.</summary>
    public static int TryMkfifo(string path, uint mode) =>
        Libc.mkfifo(path, mode) == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();

    /// <summary>mknod of a device or fifo in a directory given by descriptor; 0 or the errno.</summary>
    public static int TryMknodAt(SafeFd dir, string name, uint mode, uint major, uint minor)
    {
        ulong dev = ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);
        return Libc.mknodat(dir.Fd, name, mode, dev) == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
    }

    public static int TryChownAt(SafeFd dir, string name, uint uid, uint gid) =>
        Libc.fchownat(dir.Fd, name, uid, gid, Libc.AT_SYMLINK_NOFOLLOW) == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();

    public static int TryChmodAt(SafeFd dir, string name, uint mode) =>
        Libc.fchmodat(dir.Fd, name, mode, 0) == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();

    public static int TrySymlinkAt(string target, SafeFd dir, string name) =>
        Libc.symlinkat(target, dir.Fd, name) == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();

    public static int TryChdir(string path) =>
        Libc.chdir(path) == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();

    public static int TryFchdir(SafeFd dir) =>
        Libc.fchdir(dir.Fd) == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();

    public static int TryChroot(string path) =>
        Libc.chroot(path) == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();

    public static int TryMkdirAt(SafeFd dir, string name, uint mode) =>
        Libc.mkdirat(dir.Fd, name, mode) == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
}
