using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Mounts;

/// <summary>mount(2), umount2, pivot_root and mount_setattr, with failures that name the call and the path.</summary>
public static unsafe class MountCalls
{
    public const ulong MOUNT_ATTR_RDONLY = 0x1, MOUNT_ATTR_NOSUID = 0x2, MOUNT_ATTR_NODEV = 0x4, MOUNT_ATTR_NOEXEC = 0x8,
        MOUNT_ATTR__ATIME = 0x70, MOUNT_ATTR_RELATIME = 0x0, MOUNT_ATTR_NOATIME = 0x10, MOUNT_ATTR_STRICTATIME = 0x20,
        MOUNT_ATTR_NODIRATIME = 0x80, MOUNT_ATTR_NOSYMFOLLOW = 0x200000;
    private const int AT_RECURSIVE = 0x8000;

    [StructLayout(LayoutKind.Sequential)]
    private struct MountAttr
    {
        public ulong AttrSet;
        public ulong AttrClr;
        public ulong Propagation;
        public ulong UsernsFd;
    }

    /// <summary>The path through which a mount call reaches the object an O_PATH descriptor holds.</summary>
    public static string FdPath(SafeFd fd) => "/proc/self/fd/" + fd.Fd.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static void Mount(string? source, string target, string? fsType, ulong flags, string? data, string? displayTarget = null)
    {
        if (Libc.mount(source, target, fsType, flags, data) != 0)
            throw SyscallException.FromLastError(fsType is null ? "mount" : $"mount {fsType}", displayTarget ?? target);
    }

    public static int TryMount(string? source, string target, string? fsType, ulong flags, string? data) =>
        Libc.mount(source, target, fsType, flags, data) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static int TryUnmount(string target, int flags) => Libc.umount2(target, flags) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static void PivotRoot(string newRoot, string putOld)
    {
        int errno = TryPivotRoot(newRoot, putOld);
        if (errno != 0) throw new SyscallException(errno, "pivot_root", newRoot);
    }

    public static int TryPivotRoot(string newRoot, string putOld)
    {
        byte[] a = System.Text.Encoding.UTF8.GetBytes(newRoot + "\0");
        byte[] b = System.Text.Encoding.UTF8.GetBytes(putOld + "\0");
        fixed (byte* pa = a)
        fixed (byte* pb = b)
            return Libc.syscall(Syscalls.pivot_root, (long)pa, (long)pb, 0, 0, 0, 0) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>
    /// mount_setattr(2): sets and clears per-mount attributes (MOUNT_ATTR_*) of the mount at <paramref name="path"/>
    /// (and below it when <paramref name="recursive"/>), leaving the others as they are.
    /// </summary>
    public static int TrySetAttributes(string path, ulong set, ulong clear, bool recursive)
    {
        var attr = new MountAttr { AttrSet = set, AttrClr = clear };
        byte[] p = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* pp = p)
        {
            long r = Libc.syscall(Syscalls.mount_setattr, Libc.AT_FDCWD, (long)pp, recursive ? AT_RECURSIVE : 0, (long)&attr, sizeof(MountAttr), 0);
            return r == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    public static void SetAttributes(string path, ulong set, ulong clear, bool recursive, string? displayPath = null)
    {
        int errno = TrySetAttributes(path, set, clear, recursive);
        if (errno != 0) throw new SyscallException(errno, "mount_setattr", displayPath ?? path);
    }
}
