using System.Runtime.InteropServices;
using Berth.Linux.Seccomp;

namespace Berth.Runtime.Seccomp;

/// <summary>A compiled seccomp filter: classic BPF over struct seccomp_data, and the flags to load it with.</summary>
public sealed class SeccompProgram
{
    private readonly BpfInstruction[] _instructions;

    public SeccompProgram(BpfInstruction[] instructions, SeccompFilterFlags flags, bool usesNotify)
    {
        _instructions = instructions;
        Flags = flags;
        UsesNotify = usesNotify;
    }

    public IReadOnlyList<BpfInstruction> Instructions => _instructions;

    public ReadOnlySpan<BpfInstruction> AsSpan() => _instructions;

    public SeccompFilterFlags Flags { get; }

    /// <summary>Some rule returns SECCOMP_RET_USER_NOTIF (SCMP_ACT_NOTIFY), which needs a listener.</summary>
    public bool UsesNotify { get; }

    /// <summary>The program as the bytes of a struct sock_filter array.</summary>
    public byte[] ToBytes() => MemoryMarshal.AsBytes(_instructions.AsSpan()).ToArray();

    public override string ToString() => string.Join("\n", _instructions.Select((insn, i) => $"{i,4}: {insn}"));
}
