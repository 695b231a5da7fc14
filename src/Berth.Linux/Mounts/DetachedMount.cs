using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Mounts;

/// <summary>
/// Bind mounts made entirely through descriptors (open_tree, mount_setattr, move_mount): the source is cloned into
/// a detached tree, made read-only there if asked, then attached on a target the caller opened itself (for
/// instance with openat2 RESOLVE_IN_ROOT), so no path is looked up again between checking and mounting.
/// </summary>
public static unsafe class DetachedMount
{
    private const int OPEN_TREE_CLONE = 1, OPEN_TREE_CLOEXEC = 0x80000, AT_RECURSIVE = 0x8000;
    private const int MOVE_MOUNT_F_EMPTY_PATH = 0x4, MOVE_MOUNT_T_EMPTY_PATH = 0x40;
    private const ulong MOUNT_ATTR_RDONLY = 0x1, MS_PRIVATE = 1 << 18;

    [StructLayout(LayoutKind.Sequential)]
    private struct MountAttr
    {
        public ulong AttrSet;
        public ulong AttrClr;
        public ulong Propagation;
        public ulong UsernsFd;
    }

    /// <summary>A detached copy of the mount tree at <paramref name="source"/> (recursive unless <paramref name="recursive"/> is false).</summary>
    public static SafeFd Clone(string source, bool recursive)
    {
        byte[] p = System.Text.Encoding.UTF8.GetBytes(source + "\0");
        fixed (byte* pp = p)
        {
            long fd = Libc.syscall(Syscalls.open_tree, Libc.AT_FDCWD, (long)pp, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0), 0, 0, 0);
            if (fd < 0) throw SyscallException.FromLastError("open_tree", source);
            return new SafeFd((int)fd);
        }
    }

    /// <summary>Makes a detached (or attached) tree read-only and private, recursively.</summary>
    public static void SetReadOnlyPrivate(SafeFd tree, bool readOnly)
    {
        var attr = new MountAttr { AttrSet = readOnly ? MOUNT_ATTR_RDONLY : 0, Propagation = MS_PRIVATE };
        byte empty = 0;
        long r = Libc.syscall(Syscalls.mount_setattr, tree.Fd, (long)&empty, Libc.AT_EMPTY_PATH | AT_RECURSIVE, (long)&attr, sizeof(MountAttr), 0);
        if (r != 0) throw SyscallException.FromLastError("mount_setattr");
    }

    /// <summary>Attaches <paramref name="tree"/> on the directory or file <paramref name="target"/> holds.</summary>
    public static void Attach(SafeFd tree, SafeFd target, string? displayTarget = null)
    {
        byte empty = 0;
        long r = Libc.syscall(Syscalls.move_mount, tree.Fd, (long)&empty, target.Fd, (long)&empty, MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH, 0);
        if (r != 0) throw SyscallException.FromLastError("move_mount", displayTarget);
    }
}
