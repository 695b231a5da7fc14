namespace Berth.Linux.Interop;

/// <summary>x86_64 syscall numbers for calls glibc 2.36 does not wrap.</summary>
internal static class Syscalls
{
    public const long pivot_root = 155, openat2 = 437, clone3 = 435, pidfd_open = 434, pidfd_send_signal = 424,
        open_tree = 428, move_mount = 429, fsopen = 430, fsconfig = 431, fsmount = 432, fspick = 433,
        mount_setattr = 442, close_range = 436, seccomp = 317, gettid = 186, tgkill = 234, setns = 308,
        unshare = 272, capget = 125, capset = 126, setresuid = 117, setresgid = 119, setgroups = 116,
        prctl = 157;
}
