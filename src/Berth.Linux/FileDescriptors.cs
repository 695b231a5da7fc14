using Berth.Linux.Interop;

namespace Berth.Linux;

/// <summary>Opening and moving raw descriptors, always O_CLOEXEC unless asked otherwise.</summary>
public static unsafe class FileDescriptors
{
    public static SafeFd Open(string path, int flags, uint mode = 0)
    {
        int fd = Libc.open(path, flags | Libc.O_CLOEXEC, mode);
        if (fd < 0) throw SyscallException.FromLastError("open", path);
        return new SafeFd(fd);
    }

    public static SafeFd OpenAt(SafeFd dir, string path, int flags, uint mode = 0)
    {
        int fd = Libc.openat(dir.Fd, path, flags | Libc.O_CLOEXEC, mode);
        if (fd < 0) throw SyscallException.FromLastError("openat", path);
        return new SafeFd(fd);
    }

    public static (SafeFd Read, SafeFd Write) Pipe()
    {
        int* fds = stackalloc int[2];
        if (Libc.pipe2(fds, Libc.O_CLOEXEC) != 0) throw SyscallException.FromLastError("pipe2");
        return (new SafeFd(fds[0]), new SafeFd(fds[1]));
    }

    public static void SetCloseOnExec(int fd, bool value)
    {
        int flags = Libc.fcntl(fd, Libc.F_GETFD, 0);
        if (flags < 0) throw SyscallException.FromLastError("fcntl(F_GETFD)");
        flags = value ? flags | Libc.FD_CLOEXEC : flags & ~Libc.FD_CLOEXEC;
        if (Libc.fcntl(fd, Libc.F_SETFD, flags) < 0) throw SyscallException.FromLastError("fcntl(F_SETFD)");
    }

    public static int Read(SafeFd fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = Libc.read(fd.Fd, p, buffer.Length);
                if (n >= 0) return (int)n;
                int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                if (errno != Errnos.EINTR) throw new SyscallException(errno, "read");
            }
        }
    }

    public static void WriteAll(SafeFd fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                nint n = Libc.write(fd.Fd, p + done, data.Length - done);
                if (n < 0)
                {
                    int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                    if (errno == Errnos.EINTR) continue;
                    throw new SyscallException(errno, "write");
                }
                done += (int)n;
            }
        }
    }
}
