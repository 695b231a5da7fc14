namespace Berth.Linux.Seccomp;

/// <summary>
/// The kernel's seccomp filter ABI: return values (linux/seccomp.h), audit architectures (linux/audit.h) and the
/// layout of struct seccomp_data that a filter reads: int nr; u32 arch; u64 instruction_pointer; u64 args[6].
/// </summary>
public static class SeccompAbi
{
    public const uint RetKillProcess = 0x80000000, RetKillThread = 0x00000000, RetTrap = 0x00030000,
        RetErrno = 0x00050000, RetUserNotif = 0x7fc00000, RetTrace = 0x7ff00000, RetLog = 0x7ffc0000,
        RetAllow = 0x7fff0000;
    public const uint RetActionFullMask = 0xffff0000, RetDataMask = 0x0000ffff;

    public const uint AuditArchX86_64 = 0xc000003e, AuditArchI386 = 0x40000003;
    /// <summary>Set in nr for x32 calls (which share AUDIT_ARCH_X86_64).</summary>
    public const uint X32SyscallBit = 0x40000000;

    public const uint OffsetNr = 0, OffsetArch = 4, OffsetInstructionPointer = 8, OffsetArgs = 16;

    /// <summary>Offset of the low 32 bits of argument <paramref name="index"/> (little endian).</summary>
    public static uint ArgLow(int index) => OffsetArgs + 8 * (uint)index;

    public static uint ArgHigh(int index) => OffsetArgs + 8 * (uint)index + 4;

    /// <summary>BPF_MAXINSNS: the kernel refuses longer classic BPF programs.</summary>
    public const int MaxInstructions = 4096;
}
