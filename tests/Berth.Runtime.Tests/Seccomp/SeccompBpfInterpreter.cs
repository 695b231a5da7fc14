using Berth.Linux.Seccomp;

namespace Berth.Runtime.Tests.Seccomp;

/// <summary>struct seccomp_data as a filter sees it.</summary>
public readonly record struct SeccompData(uint Nr, uint Arch, ulong[] Args)
{
    public static SeccompData X86_64(uint nr, params ulong[] args) => new(nr, SeccompAbi.AuditArchX86_64, Pad(args));
    public static SeccompData X86(uint nr, params ulong[] args) => new(nr, SeccompAbi.AuditArchI386, Pad(args));
    public static SeccompData X32(uint nr, params ulong[] args) => new(nr | SeccompAbi.X32SyscallBit, SeccompAbi.AuditArchX86_64, Pad(args));

    private static ulong[] Pad(ulong[] args)
    {
        var all = new ulong[6];
        args.CopyTo(all, 0);
        return all;
    }

    public uint Word(uint offset) => offset switch
    {
        SeccompAbi.OffsetNr => Nr,
        SeccompAbi.OffsetArch => Arch,
        >= SeccompAbi.OffsetArgs and < SeccompAbi.OffsetArgs + 48 when offset % 4 == 0 =>
            (offset - SeccompAbi.OffsetArgs) % 8 == 0
                ? (uint)Args[(offset - SeccompAbi.OffsetArgs) / 8]
                : (uint)(Args[(offset - SeccompAbi.OffsetArgs) / 8] >> 32),
        8 or 12 => 0, // instruction pointer
        _ => throw new InvalidOperationException($"load from offset {offset} is outside struct seccomp_data"),
    };
}

/// <summary>
/// Runs a classic BPF seccomp program the way the kernel does (for the instructions the compiler emits), after
/// the checks the kernel's loader makes: length, forward jumps inside the program, a return at the end.
/// </summary>
public static class SeccompBpfInterpreter
{
    public static void Check(IReadOnlyList<BpfInstruction> program)
    {
        Assert.InRange(program.Count, 1, SeccompAbi.MaxInstructions);
        Assert.Equal(BpfInstruction.BPF_RET, program[^1].Code & 0x07);
        for (int pc = 0; pc < program.Count; pc++)
        {
            var insn = program[pc];
            switch (insn.Code & 0x07)
            {
                case BpfInstruction.BPF_JMP when (insn.Code & 0xf0) == BpfInstruction.BPF_JA:
                    Assert.True(pc + 1 + (long)insn.K < program.Count, $"ja at {pc} leaves the program");
                    break;
                case BpfInstruction.BPF_JMP:
                    Assert.True(pc + 1 + insn.JumpTrue < program.Count && pc + 1 + insn.JumpFalse < program.Count, $"jump at {pc} leaves the program");
                    break;
                case BpfInstruction.BPF_LD:
                    Assert.Equal(BpfInstruction.BPF_LD | BpfInstruction.BPF_W | BpfInstruction.BPF_ABS, insn.Code);
                    Assert.True(insn.K % 4 == 0 && insn.K < 64, $"load at {pc} from {insn.K}");
                    break;
                case BpfInstruction.BPF_ALU:
                case BpfInstruction.BPF_RET:
                    break;
                default:
                    Assert.Fail($"unexpected instruction {insn} at {pc}");
                    break;
            }
        }
    }

    /// <summary>The filter's return value for <paramref name="data"/>; <paramref name="steps"/> counts instructions run.</summary>
    public static uint Run(IReadOnlyList<BpfInstruction> program, SeccompData data, out int steps)
    {
        uint a = 0;
        int pc = 0;
        steps = 0;
        while (true)
        {
            var insn = program[pc];
            steps++;
            switch (insn.Code)
            {
                case BpfInstruction.BPF_LD | BpfInstruction.BPF_W | BpfInstruction.BPF_ABS:
                    a = data.Word(insn.K);
                    pc++;
                    break;
                case BpfInstruction.BPF_ALU | BpfInstruction.BPF_AND | BpfInstruction.BPF_K:
                    a &= insn.K;
                    pc++;
                    break;
                case BpfInstruction.BPF_JMP | BpfInstruction.BPF_JA:
                    pc += 1 + (int)insn.K;
                    break;
                case BpfInstruction.BPF_JMP | BpfInstruction.BPF_JEQ | BpfInstruction.BPF_K:
                    pc += 1 + (a == insn.K ? insn.JumpTrue : insn.JumpFalse);
                    break;
                case BpfInstruction.BPF_JMP | BpfInstruction.BPF_JGT | BpfInstruction.BPF_K:
                    pc += 1 + (a > insn.K ? insn.JumpTrue : insn.JumpFalse);
                    break;
                case BpfInstruction.BPF_JMP | BpfInstruction.BPF_JGE | BpfInstruction.BPF_K:
                    pc += 1 + (a >= insn.K ? insn.JumpTrue : insn.JumpFalse);
                    break;
                case BpfInstruction.BPF_JMP | BpfInstruction.BPF_JSET | BpfInstruction.BPF_K:
                    pc += 1 + ((a & insn.K) != 0 ? insn.JumpTrue : insn.JumpFalse);
                    break;
                case BpfInstruction.BPF_RET | BpfInstruction.BPF_K:
                    return insn.K;
                default:
                    throw new InvalidOperationException($"unexpected instruction {insn} at {pc}");
            }
        }
    }

    public static uint Run(IReadOnlyList<BpfInstruction> program, SeccompData data) => Run(program, data, out _);
}
