using System.Runtime.InteropServices;

namespace Berth.Linux.Seccomp;

/// <summary>One classic BPF instruction (struct sock_filter, linux/filter.h): 8 bytes, as the kernel reads it.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct BpfInstruction(ushort Code, byte JumpTrue, byte JumpFalse, uint K)
{
    // Instruction classes and fields (linux/bpf_common.h).
    public const ushort BPF_LD = 0x00, BPF_ALU = 0x04, BPF_JMP = 0x05, BPF_RET = 0x06, BPF_MISC = 0x07;
    public const ushort BPF_W = 0x00, BPF_ABS = 0x20, BPF_K = 0x00, BPF_X = 0x08;
    public const ushort BPF_AND = 0x50;
    public const ushort BPF_JA = 0x00, BPF_JEQ = 0x10, BPF_JGT = 0x20, BPF_JGE = 0x30, BPF_JSET = 0x40;

    /// <summary>A = the 32-bit word at <paramref name="offset"/> of struct seccomp_data.</summary>
    public static BpfInstruction LoadWord(uint offset) => new(BPF_LD | BPF_W | BPF_ABS, 0, 0, offset);

    public static BpfInstruction And(uint k) => new(BPF_ALU | BPF_AND | BPF_K, 0, 0, k);

    /// <summary>Conditional jump comparing A with <paramref name="k"/> (op: BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET).</summary>
    public static BpfInstruction Jump(ushort op, uint k, byte jumpTrue, byte jumpFalse) =>
        new((ushort)(BPF_JMP | op | BPF_K), jumpTrue, jumpFalse, k);

    public static BpfInstruction JumpAlways(uint offset) => new(BPF_JMP | BPF_JA, 0, 0, offset);

    public static BpfInstruction Return(uint value) => new(BPF_RET | BPF_K, 0, 0, value);

    public override string ToString() => $"{{ 0x{Code:x2}, {JumpTrue}, {JumpFalse}, 0x{K:x8} }}";
}
