namespace Berth.Linux.Interop;

/// <summary>bpf(2) (through <see cref="syscall"/>) for cgroup v2 device programs, and kill(2) by number for cgroups.</summary>
internal static partial class Libc
{
    public const long SYS_bpf = 321;
    public const int BPF_PROG_LOAD = 5, BPF_PROG_ATTACH = 8, BPF_PROG_DETACH = 9, BPF_PROG_GET_FD_BY_ID = 13,
        BPF_PROG_QUERY = 16;
    public const uint BPF_PROG_TYPE_CGROUP_DEVICE = 15, BPF_CGROUP_DEVICE = 6, BPF_F_ALLOW_MULTI = 2;

    /// <summary>kill(2) on x86_64, called through syscall() so this family needs no import of its own.</summary>
    public const long SYS_kill_number = 62;
}
