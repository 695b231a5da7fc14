namespace Berth.Linux.Seccomp;

/// <summary>Flags of seccomp(SECCOMP_SET_MODE_FILTER) (linux/seccomp.h).</summary>
[Flags]
public enum SeccompFilterFlags : uint
{
    None = 0,
    /// <summary>Apply the filter to every thread of the process.</summary>
    Tsync = 1,
    /// <summary>Log every action but SECCOMP_RET_ALLOW.</summary>
    Log = 2,
    /// <summary>Leave speculative store bypass mitigation off.</summary>
    SpecAllow = 4,
    /// <summary>Return a user-notification listener fd.</summary>
    NewListener = 8,
    TsyncEsrch = 16,
    /// <summary>Wait killably for a user-notification reply once the supervisor has received it.</summary>
    WaitKillableRecv = 32,
}
