using Berth.Linux.Interop;

namespace Berth.Linux.Credentials;

/// <summary>
/// setgroups, setresgid and setresuid as raw system calls: they change the calling thread only (glibc's wrappers
/// change every thread of the process through a signal, which a .NET process should not depend on). Call them on
/// the thread that then execs.
/// </summary>
public static unsafe class ThreadCredentials
{
    public static void SetGroups(IReadOnlyList<uint> groups)
    {
        uint* g = stackalloc uint[Math.Max(1, groups.Count)];
        for (int i = 0; i < groups.Count; i++) g[i] = groups[i];
        if (Libc.syscall(Syscalls.setgroups, groups.Count, (long)g, 0, 0, 0, 0) != 0) throw SyscallException.FromLastError("setgroups");
    }

    public static void SetGid(uint gid)
    {
        if (Libc.syscall(Syscalls.setresgid, gid, gid, gid, 0, 0, 0) != 0) throw SyscallException.FromLastError("setresgid", gid.ToString());
    }

    public static void SetUid(uint uid)
    {
        if (Libc.syscall(Syscalls.setresuid, uid, uid, uid, 0, 0, 0) != 0) throw SyscallException.FromLastError("setresuid", uid.ToString());
    }
}
