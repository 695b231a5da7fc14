using Berth.Linux;
using Berth.Linux.Seccomp;

namespace Berth.Runtime.Seccomp;

/// <summary>OCI action names (SCMP_ACT_*) to seccomp return values.</summary>
internal static class SeccompActions
{
    public static uint Parse(string? name, uint? errnoRet, string field)
    {
        uint Data(uint fallback)
        {
            uint value = errnoRet ?? fallback;
            if (value > SeccompAbi.RetDataMask) throw new SeccompSpecException(field, $"errnoRet {value} does not fit in 16 bits");
            return value;
        }

        void NoErrno()
        {
            if (errnoRet is not null) throw new SeccompSpecException(field, $"errnoRet is only valid with SCMP_ACT_ERRNO and SCMP_ACT_TRACE, not {name}");
        }

        switch (name)
        {
            case "SCMP_ACT_KILL":
            case "SCMP_ACT_KILL_THREAD": NoErrno(); return SeccompAbi.RetKillThread;
            case "SCMP_ACT_KILL_PROCESS": NoErrno(); return SeccompAbi.RetKillProcess;
            case "SCMP_ACT_TRAP": NoErrno(); return SeccompAbi.RetTrap;
            case "SCMP_ACT_ERRNO": return SeccompAbi.RetErrno | Data(Errnos.EPERM);
            case "SCMP_ACT_TRACE": return SeccompAbi.RetTrace | Data(Errnos.EPERM);
            case "SCMP_ACT_ALLOW": NoErrno(); return SeccompAbi.RetAllow;
            case "SCMP_ACT_LOG": NoErrno(); return SeccompAbi.RetLog;
            case "SCMP_ACT_NOTIFY": NoErrno(); return SeccompAbi.RetUserNotif;
            case null or "": throw new SeccompSpecException(field, "missing action");
            default: throw new SeccompSpecException(field, $"unknown action {name}");
        }
    }

    public static SeccompFilterFlags ParseFlag(string name, string field) => name switch
    {
        "SECCOMP_FILTER_FLAG_TSYNC" => SeccompFilterFlags.Tsync,
        "SECCOMP_FILTER_FLAG_LOG" => SeccompFilterFlags.Log,
        "SECCOMP_FILTER_FLAG_SPEC_ALLOW" => SeccompFilterFlags.SpecAllow,
        "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" => SeccompFilterFlags.WaitKillableRecv,
        _ => throw new SeccompSpecException(field, $"unknown flag {name}"),
    };

    public static SeccompCompare ParseOp(string op, string field) => op switch
    {
        "SCMP_CMP_NE" => SeccompCompare.NotEqual,
        "SCMP_CMP_LT" => SeccompCompare.Less,
        "SCMP_CMP_LE" => SeccompCompare.LessOrEqual,
        "SCMP_CMP_EQ" => SeccompCompare.Equal,
        "SCMP_CMP_GE" => SeccompCompare.GreaterOrEqual,
        "SCMP_CMP_GT" => SeccompCompare.Greater,
        "SCMP_CMP_MASKED_EQ" => SeccompCompare.MaskedEqual,
        _ => throw new SeccompSpecException(field, $"unknown operator {op}"),
    };

    /// <summary>
    /// The x86 architectures named: <paramref name="listed"/>[arch] when the list names it; x86_64, the native one,
    /// is filtered even when not listed, as libseccomp does.
    /// </summary>
    public static bool[] ParseArchitectures(List<string>? names, out bool[] listed)
    {
        var enabled = new bool[3];
        listed = new bool[3];
        enabled[(int)SeccompArch.X86_64] = true;
        if (names is null) return enabled;
        for (int i = 0; i < names.Count; i++)
        {
            switch (names[i])
            {
                case "SCMP_ARCH_X86_64": listed[(int)SeccompArch.X86_64] = true; break;
                case "SCMP_ARCH_X86": enabled[(int)SeccompArch.X86] = listed[(int)SeccompArch.X86] = true; break;
                case "SCMP_ARCH_X32": enabled[(int)SeccompArch.X32] = listed[(int)SeccompArch.X32] = true; break;
                case var other when KnownForeign.Contains(other): break; // never seen by an x86_64 kernel
                default: throw new SeccompSpecException($"linux.seccomp.architectures[{i}]", $"unknown architecture {names[i]}");
            }
        }
        return enabled;
    }

    private static readonly HashSet<string> KnownForeign = new(StringComparer.Ordinal)
    {
        "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32",
        "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64",
        "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64",
        "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB",
    };
}
