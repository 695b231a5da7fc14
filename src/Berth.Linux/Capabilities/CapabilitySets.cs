using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Capabilities;

/// <summary>
/// The capability sets of the calling thread: read them, narrow the bounding set, set effective, permitted and
/// inheritable (capset), raise ambient ones. Capabilities are per thread: call this on the thread that execs.
/// </summary>
public static unsafe class CapabilitySets
{
    private const uint Version3 = 0x20080522;

    [StructLayout(LayoutKind.Sequential)]
    private struct Header
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Data
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }

    public readonly record struct Sets(ulong Effective, ulong Permitted, ulong Inheritable);

    public static Sets Get(int pid = 0)
    {
        var h = new Header { Version = Version3, Pid = pid };
        Data* d = stackalloc Data[2];
        if (Libc.syscall(Syscalls.capget, (long)&h, (long)d, 0, 0, 0, 0) != 0) throw SyscallException.FromLastError("capget");
        return new Sets(d[0].Effective | ((ulong)d[1].Effective << 32), d[0].Permitted | ((ulong)d[1].Permitted << 32),
            d[0].Inheritable | ((ulong)d[1].Inheritable << 32));
    }

    public static void Set(Sets sets)
    {
        var h = new Header { Version = Version3, Pid = 0 };
        Data* d = stackalloc Data[2];
        d[0] = new Data { Effective = (uint)sets.Effective, Permitted = (uint)sets.Permitted, Inheritable = (uint)sets.Inheritable };
        d[1] = new Data
        {
            Effective = (uint)(sets.Effective >> 32), Permitted = (uint)(sets.Permitted >> 32),
            Inheritable = (uint)(sets.Inheritable >> 32),
        };
        if (Libc.syscall(Syscalls.capset, (long)&h, (long)d, 0, 0, 0, 0) != 0) throw SyscallException.FromLastError("capset");
    }

    /// <summary>The bounding set of the calling thread.</summary>
    public static ulong GetBounding()
    {
        ulong mask = 0;
        int last = Capability.LastCap;
        for (int c = 0; c <= last && c < 64; c++)
            if (Libc.prctl(Libc.PR_CAPBSET_READ, (ulong)c, 0, 0, 0) == 1) mask |= 1UL << c;
        return mask;
    }

    /// <summary>Drops from the bounding set every capability not in <paramref name="keep"/> (needs CAP_SETPCAP).</summary>
    public static void LimitBounding(ulong keep)
    {
        int last = Capability.LastCap;
        for (int c = 0; c <= last && c < 64; c++)
        {
            if ((keep & (1UL << c)) != 0) continue;
            if (Libc.prctl(Libc.PR_CAPBSET_DROP, (ulong)c, 0, 0, 0) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Errnos.EINVAL) continue; // not known to this kernel
                throw new SyscallException(errno, "prctl(PR_CAPBSET_DROP)", Capability.Names.Length > c ? Capability.Names[c] : c.ToString());
            }
        }
    }

    /// <summary>Clears the ambient set, then raises the given capabilities in it (each must be permitted and inheritable).</summary>
    public static void SetAmbient(ulong ambient)
    {
        Libc.prctl(Libc.PR_CAP_AMBIENT, Libc.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
        for (int c = 0; c < 64; c++)
        {
            if ((ambient & (1UL << c)) == 0) continue;
            if (Libc.prctl(Libc.PR_CAP_AMBIENT, Libc.PR_CAP_AMBIENT_RAISE, (ulong)c, 0, 0) != 0)
                throw SyscallException.FromLastError("prctl(PR_CAP_AMBIENT_RAISE)", Capability.Names.Length > c ? Capability.Names[c] : c.ToString());
        }
    }

    /// <summary>Formats a mask as the names it holds, for messages.</summary>
    public static string Describe(ulong mask)
    {
        var names = new List<string>();
        for (int c = 0; c < 64; c++)
            if ((mask & (1UL << c)) != 0) names.Add(c < Capability.Names.Length ? Capability.Names[c] : c.ToString());
        return string.Join(", ", names);
    }
}
