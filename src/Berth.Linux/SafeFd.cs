using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux;

/// <summary>An owned file descriptor, closed once.</summary>
public sealed class SafeFd : SafeHandle
{
    public SafeFd() : base(new IntPtr(-1), ownsHandle: true) { }

    public SafeFd(int fd, bool ownsHandle = true) : base(new IntPtr(-1), ownsHandle) => SetHandle(new IntPtr(fd));

    public int Fd => (int)handle;

    public override bool IsInvalid => handle.ToInt64() < 0;

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;

    /// <summary>Gives up ownership and returns the raw descriptor.</summary>
    public int Detach()
    {
        int fd = (int)handle;
        SetHandleAsInvalid();
        return fd;
    }

    public override string ToString() => $"fd {Fd}";
}
