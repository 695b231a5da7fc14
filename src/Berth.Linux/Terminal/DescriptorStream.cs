using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Terminal;

/// <summary>
/// A stream over an inherited descriptor (stdin, stdout, stderr) using read(2)/write(2) directly: no position
/// tracking (works on files opened for append, pipes and terminals) and no terminal reconfiguration.
/// </summary>
public sealed unsafe class DescriptorStream(int fd, bool readable) : Stream
{
    public int Fd { get; } = fd;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.Length == 0) return 0;
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = Libc.read(Fd, p, buffer.Length);
                if (n >= 0) return (int)n;
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Errnos.EINTR) continue;
                if (errno == Errnos.EAGAIN) return 0;
                throw new IOException(new SyscallException(errno, "read").Message);
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                nint n = Libc.write(Fd, p + done, buffer.Length - done);
                if (n >= 0)
                {
                    done += (int)n;
                    continue;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Errnos.EINTR) continue;
                throw new IOException(new SyscallException(errno, "write").Message);
            }
        }
    }

    public override bool CanRead => readable;
    public override bool CanSeek => false;
    public override bool CanWrite => !readable;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
