using System.Runtime.InteropServices;

namespace Berth.Linux.Cgroups;

/// <summary>One eBPF instruction (struct bpf_insn): opcode, dst/src registers, 16-bit offset, 32-bit immediate.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct EbpfInstruction(byte Code, byte Registers, short Offset, int Immediate)
{
    public int Dst => Registers & 0x0f;
    public int Src => Registers >> 4;

    public const byte LdxMemW = 0x61, Mov64Reg = 0xbf, Mov64Imm = 0xb7, And64Imm = 0x57, Rsh64Imm = 0x77,
        Jne32Imm = 0x56, Jset32Imm = 0x46, Ja = 0x05, Exit = 0x95;

    public static EbpfInstruction Load32(int dst, int src, short offset) => new(LdxMemW, Regs(dst, src), offset, 0);
    public static EbpfInstruction Move(int dst, int src) => new(Mov64Reg, Regs(dst, src), 0, 0);
    public static EbpfInstruction MoveImm(int dst, int imm) => new(Mov64Imm, Regs(dst, 0), 0, imm);
    public static EbpfInstruction AndImm(int dst, int imm) => new(And64Imm, Regs(dst, 0), 0, imm);
    public static EbpfInstruction ShiftRightImm(int dst, int imm) => new(Rsh64Imm, Regs(dst, 0), 0, imm);
    public static EbpfInstruction ExitProgram() => new(Exit, 0, 0, 0);

    private static byte Regs(int dst, int src) => (byte)(dst | (src << 4));

    public override string ToString() => $"{{ 0x{Code:x2}, r{Dst}, r{Src}, {Offset}, {Immediate} }}";
}
