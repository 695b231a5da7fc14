using Berth.Linux.Interop;

namespace Berth.Linux.Resources;

/// <summary>Resource limits (setrlimit): names as the OCI spec writes them ("RLIMIT_NOFILE") and their numbers.</summary>
public static unsafe class ResourceLimits
{
    public static readonly string[] Names =
    [
        "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC",
        "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE",
        "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME",
    ];

    /// <summary>The resource number of a name; -1 when unknown.</summary>
    public static int Parse(string name) => Array.IndexOf(Names, name);

    public const ulong Infinity = ulong.MaxValue;

    public static (ulong Soft, ulong Hard) Get(int resource, int pid = 0)
    {
        Libc.Rlimit old;
        if (Libc.prlimit(pid, resource, null, &old) != 0) throw SyscallException.FromLastError("prlimit", Names[resource]);
        return (old.Cur, old.Max);
    }

    /// <summary>Sets a limit of a process (0: the caller); the errno on failure (EPERM: above the hard limit).</summary>
    public static int TrySet(int resource, ulong soft, ulong hard, int pid = 0)
    {
        var l = new Libc.Rlimit { Cur = soft, Max = hard };
        if (Libc.prlimit(pid, resource, &l, null) == 0) return 0;
        return System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
    }
}
