using Berth.Linux.Interop;

namespace Berth.Linux.Credentials;

/// <summary>prctl switches the runtime uses, and other per-process settings.</summary>
public static unsafe class ProcessControl
{
    public static void SetNoNewPrivileges()
    {
        if (Libc.prctl(Libc.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) throw SyscallException.FromLastError("prctl(PR_SET_NO_NEW_PRIVS)");
    }

    public static void SetKeepCapabilities(bool keep)
    {
        if (Libc.prctl(Libc.PR_SET_KEEPCAPS, keep ? 1UL : 0, 0, 0, 0) != 0) throw SyscallException.FromLastError("prctl(PR_SET_KEEPCAPS)");
    }

    /// <summary>A non-dumpable process's /proc entries (exe, fd, mem) are closed to other unprivileged processes.</summary>
    public static void SetDumpable(bool dumpable) => Libc.prctl(Libc.PR_SET_DUMPABLE, dumpable ? 1UL : 0, 0, 0, 0);

    public static void SetChildSubreaper()
    {
        if (Libc.prctl(Libc.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) throw SyscallException.FromLastError("prctl(PR_SET_CHILD_SUBREAPER)");
    }

    public static void SetParentDeathSignal(int signal) => Libc.prctl(Libc.PR_SET_PDEATHSIG, (ulong)signal, 0, 0, 0);

    public static uint SetUmask(uint mask) => Libc.umask(mask);

    public static int CurrentPid => Libc.getpid();

    public static void SetHostname(string name) => SetName(name, domain: false);

    public static void SetDomainname(string name) => SetName(name, domain: true);

    private static void SetName(string name, bool domain)
    {
        byte[] b = System.Text.Encoding.UTF8.GetBytes(name);
        fixed (byte* p = b)
        {
            int r = domain ? Libc.setdomainname(p, (nuint)b.Length) : Libc.sethostname(p, (nuint)b.Length);
            if (r != 0) throw SyscallException.FromLastError(domain ? "setdomainname" : "sethostname", name);
        }
    }

    /// <summary>setsid(2); errno on failure (EPERM when already a group leader).</summary>
    public static int TrySetSid() => Libc.setsid() < 0 ? System.Runtime.InteropServices.Marshal.GetLastPInvokeError() : 0;

    /// <summary>Joins a new anonymous session keyring named <paramref name="name"/> (keyctl JOIN_SESSION_KEYRING).</summary>
    public static int TryJoinSessionKeyring(string name)
    {
        byte[] b = System.Text.Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* p = b)
        {
            long r = Libc.syscall(Libc.SYS_keyctl, Libc.KEYCTL_JOIN_SESSION_KEYRING, (long)p, 0, 0, 0, 0);
            return r < 0 ? System.Runtime.InteropServices.Marshal.GetLastPInvokeError() : 0;
        }
    }

    /// <summary>
    /// Resets every signal to its default action and unblocks all: what a freshly exec'd program expects (the .NET
    /// runtime ignores SIGPIPE, and ignored signals stay ignored across execve).
    /// </summary>
    private static void ResetSignals()
    {
        for (int s = 1; s < 65; s++)
        {
            if (s is 9 or 19 or 32 or 33) continue; // SIGKILL, SIGSTOP, glibc-internal
            Libc.signal(s, Libc.SIG_DFL);
        }
        byte* set = stackalloc byte[Libc.SigsetSize];
        Libc.sigemptyset(set);
        Libc.pthread_sigmask(Libc.SIG_SETMASK, set, null);
    }

    /// <summary>
    /// execve(2). Returns only on failure, with the errno. Marks every descriptor from <paramref name="closeFrom"/>
    /// on close-on-exec first, so nothing the runtime opened leaks into the program.
    /// </summary>
    public static int Exec(string path, IReadOnlyList<string> args, IReadOnlyList<string> env, int closeFrom)
    {
        using var strings = new Processes.NativeStrings();
        byte* p = strings.Add(path);
        byte** argv = strings.Array(args);
        byte** envp = strings.Array(env);
        const long CLOSE_RANGE_CLOEXEC = 4;
        Libc.syscall(Syscalls.close_range, closeFrom, uint.MaxValue, CLOSE_RANGE_CLOEXEC, 0, 0, 0);
        // Last, with nothing allocated after it: the runtime's own signal handlers go away here.
        ResetSignals();
        Libc.execve(p, argv, envp);
        return System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
    }
}
