using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Descriptors;

/// <summary>Descriptor operations the runtime needs beyond <see cref="FileDescriptors"/>.</summary>
public static unsafe class DescriptorCalls
{
    /// <summary>Places <paramref name="fd"/> at number <paramref name="target"/> (not close-on-exec there).</summary>
    public static void Duplicate(SafeFd fd, int target)
    {
        if (fd.Fd == target)
        {
            FileDescriptors.SetCloseOnExec(target, false);
            return;
        }
        if (Libc.dup3(fd.Fd, target, 0) < 0) throw SyscallException.FromLastError("dup3");
    }

    public static void Chown(SafeFd fd, uint uid, uint gid)
    {
        if (Libc.fchown(fd.Fd, uid, gid) != 0) throw SyscallException.FromLastError("fchown");
    }

    /// <summary>A close-on-exec copy of a descriptor the caller does not own (e.g. 0, 1, 2 or a preserved one).</summary>
    public static SafeFd DuplicateCloseOnExec(int fd)
    {
        int r = Libc.fcntl(fd, 1030 /* F_DUPFD_CLOEXEC */, 3);
        if (r < 0) throw SyscallException.FromLastError("fcntl(F_DUPFD_CLOEXEC)", fd.ToString());
        return new SafeFd(r);
    }

    /// <summary>True when <paramref name="fd"/> is an open descriptor of this process.</summary>
    public static bool IsOpen(int fd) => Libc.fcntl(fd, Libc.F_GETFD, 0) >= 0;

    /// <summary>Writes all of a short text (e.g. to /proc or cgroup files) to an open descriptor; the errno on failure.</summary>
    public static int TryWriteFile(string path, string text)
    {
        int fd = Libc.open(path, Libc.O_WRONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return Marshal.GetLastPInvokeError();
        try
        {
            byte[] b = System.Text.Encoding.UTF8.GetBytes(text);
            fixed (byte* p = b)
                return Libc.write(fd, p, b.Length) == b.Length ? 0 : Marshal.GetLastPInvokeError();
        }
        finally { Libc.close(fd); }
    }
}
