namespace Berth.Linux.Signals;

/// <summary>Signal names (x86_64) and numbers, accepting "KILL", "SIGKILL" or "9" as runc does.</summary>
public static class SignalNames
{
    private static readonly string[] s_names =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP",
        "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",
        "SIGIO", "SIGPWR", "SIGSYS",
    ];

    public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGKILL = 9, SIGUSR1 = 10, SIGTERM = 15, SIGCHLD = 17,
        SIGCONT = 18, SIGSTOP = 19, SIGWINCH = 28;

    /// <summary>The signal number; -1 when the text names no signal.</summary>
    public static int Parse(string text)
    {
        if (int.TryParse(text, out int n)) return n is > 0 and <= 64 ? n : -1;
        string upper = text.ToUpperInvariant();
        if (!upper.StartsWith("SIG", StringComparison.Ordinal)) upper = "SIG" + upper;
        if (upper is "SIGIOT") return 6;
        if (upper is "SIGPOLL") return 29;
        if (upper is "SIGCLD") return 17;
        for (int i = 1; i < s_names.Length; i++) if (s_names[i] == upper) return i;
        // Real-time signals as glibc numbers them: SIGRTMIN is 34, SIGRTMAX 64.
        if (upper.StartsWith("SIGRTMIN", StringComparison.Ordinal))
            return RealTime(upper.AsSpan(8), 34, +1);
        if (upper.StartsWith("SIGRTMAX", StringComparison.Ordinal))
            return RealTime(upper.AsSpan(8), 64, -1);
        return -1;
    }

    private static int RealTime(ReadOnlySpan<char> rest, int baseSignal, int sign)
    {
        if (rest.IsEmpty) return baseSignal;
        if ((rest[0] == '+' || rest[0] == '-') && int.TryParse(rest[1..], out int off))
        {
            int n = baseSignal + (rest[0] == '+' ? off : -off);
            return n is >= 34 and <= 64 ? n : -1;
        }
        return -1;
    }

    public static string Name(int signal) => signal > 0 && signal < s_names.Length ? s_names[signal] : $"SIG{signal}";
}
