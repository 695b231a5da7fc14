using System.Runtime.InteropServices;
using System.Text;
using Berth.Linux.Interop;

namespace Berth.Linux.Sockets;

/// <summary>Unix-domain sockets as raw descriptors: pairs, connecting by path, and passing descriptors (SCM_RIGHTS).</summary>
public static unsafe class UnixSocket
{
    /// <summary>A connected pair of stream sockets, both close-on-exec.</summary>
    public static (SafeFd A, SafeFd B) Pair(int type = Libc.SOCK_STREAM)
    {
        int* fds = stackalloc int[2];
        if (Libc.socketpair(Libc.AF_UNIX, type | Libc.SOCK_CLOEXEC, 0, fds) != 0) throw SyscallException.FromLastError("socketpair");
        return (new SafeFd(fds[0]), new SafeFd(fds[1]));
    }

    /// <summary>Connects a stream socket to the listening socket at <paramref name="path"/>.</summary>
    public static SafeFd Connect(string path)
    {
        int fd = Libc.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0) throw SyscallException.FromLastError("socket");
        var sock = new SafeFd(fd);
        try
        {
            string target = path;
            SafeFd? dir = null;
            // sun_path holds 107 bytes: reach longer paths through the directory's descriptor.
            if (Encoding.UTF8.GetByteCount(path) > 107)
            {
                dir = FileDescriptors.Open(Path.GetDirectoryName(path) ?? "/", Libc.O_PATH | Libc.O_DIRECTORY);
                target = $"/proc/self/fd/{dir.Fd}/{Path.GetFileName(path)}";
            }
            using (dir)
            {
                byte* addr = stackalloc byte[110];
                new Span<byte>(addr, 110).Clear();
                *(ushort*)addr = Libc.AF_UNIX;
                int n = Encoding.UTF8.GetBytes(target, new Span<byte>(addr + 2, 107));
                if (Libc.connect(fd, addr, (uint)(2 + n + 1)) != 0) throw SyscallException.FromLastError("connect", path);
            }
            return sock;
        }
        catch
        {
            sock.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="data"/> (at least one byte) with one descriptor attached.</summary>
    public static void SendFd(SafeFd socket, int fdToSend, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) data = "\0"u8;
        const int space = 24; // CMSG_SPACE(sizeof(int))
        byte* control = stackalloc byte[space];
        new Span<byte>(control, space).Clear();
        var cmsg = (Libc.CmsgHdr*)control;
        cmsg->Length = 20; // CMSG_LEN(sizeof(int))
        cmsg->Level = Libc.SOL_SOCKET;
        cmsg->Type = Libc.SCM_RIGHTS;
        *(int*)(control + 16) = fdToSend;
        fixed (byte* d = data)
        {
            var iov = new Libc.IoVec { Base = d, Length = (nuint)data.Length };
            var msg = new Libc.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = space };
            while (Libc.sendmsg(socket.Fd, &msg, Libc.MSG_NOSIGNAL) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errnos.EINTR) throw new SyscallException(errno, "sendmsg");
            }
        }
    }

    /// <summary>Receives data and at most one descriptor (close-on-exec); the fd is invalid when none came.</summary>
    public static int ReceiveFd(SafeFd socket, Span<byte> buffer, out SafeFd fd)
    {
        const int space = 24;
        byte* control = stackalloc byte[space];
        new Span<byte>(control, space).Clear();
        fixed (byte* d = buffer)
        {
            var iov = new Libc.IoVec { Base = d, Length = (nuint)buffer.Length };
            var msg = new Libc.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = space };
            nint n;
            while ((n = Libc.recvmsg(socket.Fd, &msg, Libc.MSG_CMSG_CLOEXEC)) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errnos.EINTR) throw new SyscallException(errno, "recvmsg");
            }
            var cmsg = (Libc.CmsgHdr*)control;
            fd = msg.ControlLength >= 20 && cmsg->Level == Libc.SOL_SOCKET && cmsg->Type == Libc.SCM_RIGHTS
                ? new SafeFd(*(int*)(control + 16))
                : new SafeFd();
            return (int)n;
        }
    }
}
