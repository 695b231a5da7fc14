using System.Runtime.InteropServices;
using System.Text;
using Berth.Linux.Interop;

namespace Berth.Linux.Fs;

/// <summary>How <see cref="OverlayMount.Mount"/> passes the layer directories to the kernel.</summary>
public enum OverlayMountMethod
{
    /// <summary>The new mount API when the kernel takes <c>lowerdir+</c> (6.8+), else mount(2).</summary>
    Auto,
    /// <summary>fsopen/fsconfig one <c>lowerdir+</c> per layer: no length limit.</summary>
    MountApi,
    /// <summary>mount(2) with one option string of at most a page; relative lowerdirs from a private working
    /// directory when the absolute form is too long.</summary>
    LegacyMount,
}

/// <summary>
/// Mounts overlayfs over any number of layers. mount(2) takes its options in one page, which absolute
/// lowerdir paths of 125 layers overflow; the new mount API takes each lower on its own.
/// </summary>
public static unsafe class OverlayMount
{
    private const int FSOPEN_CLOEXEC = 1, FSMOUNT_CLOEXEC = 1, FSCONFIG_SET_STRING = 1, FSCONFIG_CMD_CREATE = 6,
        MOVE_MOUNT_F_EMPTY_PATH = 4, MOUNT_ATTR_RDONLY = 1, CLONE_FS = 0x200, PageSize = 4096;

    /// <summary>The option string mount(2) would get with absolute paths (lowers top first).</summary>
    public static string Options(IReadOnlyList<string> lowers, string? upper, string? work)
    {
        var sb = new StringBuilder("lowerdir=").AppendJoin(':', lowers.Select(Escape));
        if (upper is not null) sb.Append(",upperdir=").Append(Escape(upper));
        if (work is not null) sb.Append(",workdir=").Append(Escape(work));
        return sb.ToString();
    }

    /// <summary>Mounts an overlay of <paramref name="lowers"/> (top first) with an optional upper/work pair on <paramref name="target"/>.</summary>
    public static void Mount(IReadOnlyList<string> lowers, string? upper, string? work, string target,
        bool readOnly = false, OverlayMountMethod method = OverlayMountMethod.Auto)
    {
        if (lowers.Count == 0) throw new ArgumentException("an overlay needs at least one lower directory", nameof(lowers));
        if ((upper is null) != (work is null)) throw new ArgumentException("upperdir and workdir go together");
        if (method != OverlayMountMethod.LegacyMount)
        {
            int errno = TryMountApi(lowers, upper, work, target, readOnly, out string? detail);
            if (errno == 0) return;
            bool unsupported = errno is Errnos.ENOSYS || (errno == Errnos.EINVAL && detail == "lowerdir+");
            if (method == OverlayMountMethod.MountApi || !unsupported)
                throw new SyscallException(errno, "mount overlay" + (detail is null ? "" : $" ({detail})"), target);
        }
        MountLegacy(lowers, upper, work, target, readOnly);
    }

    public static void Unmount(string target, bool detach = false)
    {
        if (Libc.umount2(target, detach ? Libc.MNT_DETACH : 0) != 0) throw SyscallException.FromLastError("umount2", target);
    }

    /// <summary>Unmounts; the errno when it fails (EINVAL: not a mount point).</summary>
    public static int TryUnmount(string target, bool detach = false) =>
        Libc.umount2(target, detach ? Libc.MNT_DETACH : 0) == 0 ? 0 : Marshal.GetLastPInvokeError();

    private static int TryMountApi(IReadOnlyList<string> lowers, string? upper, string? work, string target, bool readOnly, out string? detail)
    {
        detail = null;
        long fsfd;
        byte[] fsName = "overlay\0"u8.ToArray();
        fixed (byte* pn = fsName) fsfd = Syscall(Syscalls.fsopen, (long)pn, FSOPEN_CLOEXEC);
        if (fsfd < 0) return Marshal.GetLastPInvokeError();
        using var fs = new SafeFd((int)fsfd);
        foreach (string lower in lowers)
        {
            if (Config(fs, "lowerdir+", lower) is int e and not 0)
            {
                detail = ReadLog(fs) ?? "lowerdir+";
                if (detail.Contains("lowerdir+", StringComparison.Ordinal) && e == Errnos.EINVAL) detail = "lowerdir+";
                return e;
            }
        }
        if (upper is not null && Config(fs, "upperdir", upper) is int e1 and not 0) { detail = ReadLog(fs); return e1; }
        if (work is not null && Config(fs, "workdir", work) is int e2 and not 0) { detail = ReadLog(fs); return e2; }
        if (Syscall(Syscalls.fsconfig, fs.Fd, FSCONFIG_CMD_CREATE, 0, 0, 0) < 0)
        {
            int e = Marshal.GetLastPInvokeError();
            detail = ReadLog(fs);
            return e;
        }
        long mfd = Syscall(Syscalls.fsmount, fs.Fd, FSMOUNT_CLOEXEC, readOnly ? MOUNT_ATTR_RDONLY : 0);
        if (mfd < 0) { int e = Marshal.GetLastPInvokeError(); detail = ReadLog(fs); return e; }
        using var mnt = new SafeFd((int)mfd);
        byte[] empty = [0];
        byte[] to = Encoding.UTF8.GetBytes(target + "\0");
        fixed (byte* pe = empty)
        fixed (byte* pt = to)
        {
            if (Libc.syscall(Syscalls.move_mount, mnt.Fd, (long)pe, Libc.AT_FDCWD, (long)pt, MOVE_MOUNT_F_EMPTY_PATH, 0) != 0)
                return Marshal.GetLastPInvokeError();
        }
        return 0;
    }

    private static int Config(SafeFd fs, string key, string value)
    {
        byte[] k = Encoding.UTF8.GetBytes(key + "\0"), v = Encoding.UTF8.GetBytes(value + "\0");
        fixed (byte* pk = k)
        fixed (byte* pv = v)
            return Libc.syscall(Syscalls.fsconfig, fs.Fd, FSCONFIG_SET_STRING, (long)pk, (long)pv, 0, 0) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>The messages the kernel left in the filesystem context ("e overlay: …").</summary>
    private static string? ReadLog(SafeFd fs)
    {
        var messages = new List<string>();
        byte[] buffer = new byte[1024];
        for (int i = 0; i < 8; i++)
        {
            nint n;
            fixed (byte* p = buffer) n = Libc.read(fs.Fd, p, buffer.Length);
            if (n <= 0) break;
            messages.Add(Encoding.UTF8.GetString(buffer, 0, (int)n).TrimEnd('\n'));
        }
        return messages.Count == 0 ? null : string.Join("; ", messages);
    }

    private static void MountLegacy(IReadOnlyList<string> lowers, string? upper, string? work, string target, bool readOnly)
    {
        ulong flags = readOnly ? Libc.MS_RDONLY : 0;
        string data = Options(lowers, upper, work);
        if (data.Length < PageSize)
        {
            if (Libc.mount("overlay", target, "overlay", flags, data) != 0) throw SyscallException.FromLastError("mount overlay", target);
            return;
        }
        // Too long for one page: name the lowers relative to their common parent, from a thread whose
        // working directory is private to it (unshare CLONE_FS), so the rest of the process is not moved.
        string parent = CommonParent(lowers);
        var relative = lowers.Select(l => Path.GetRelativePath(parent, l)).ToList();
        string shortData = Options(relative, upper is null ? null : Path.GetFullPath(upper), work is null ? null : Path.GetFullPath(work));
        if (shortData.Length >= PageSize)
            throw new SyscallException(Errnos.E2BIG, $"mount overlay ({lowers.Count} layers, options of {shortData.Length} bytes)", target);
        string absoluteTarget = Path.GetFullPath(target);
        SyscallException? failure = null;
        var thread = new Thread(() =>
        {
            if (Libc.syscall(Syscalls.unshare, CLONE_FS, 0, 0, 0, 0, 0) != 0) { failure = SyscallException.FromLastError("unshare(CLONE_FS)"); return; }
            if (Libc.chdir(parent) != 0) { failure = SyscallException.FromLastError("chdir", parent); return; }
            if (Libc.mount("overlay", absoluteTarget, "overlay", flags, shortData) != 0) failure = SyscallException.FromLastError("mount overlay", absoluteTarget);
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw failure;
    }

    private static string CommonParent(IReadOnlyList<string> paths)
    {
        string common = Path.GetDirectoryName(Path.GetFullPath(paths[0]))!;
        foreach (string p in paths.Skip(1))
        {
            string full = Path.GetFullPath(p);
            while (!full.StartsWith(common.TrimEnd('/') + "/", StringComparison.Ordinal)) common = Path.GetDirectoryName(common) ?? "/";
        }
        return common;
    }

    /// <summary>overlayfs splits its options on ',' and lowerdir on ':'; both are escaped with '\'.</summary>
    private static string Escape(string path) => path.Replace("\\", "\\\\").Replace(":", "\\:").Replace(",", "\\,");

    private static long Syscall(long number, long a1 = 0, long a2 = 0, long a3 = 0, long a4 = 0, long a5 = 0) =>
        Libc.syscall(number, a1, a2, a3, a4, a5, 0);

}
