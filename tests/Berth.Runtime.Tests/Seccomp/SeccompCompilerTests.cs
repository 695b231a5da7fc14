using Berth.Linux.Seccomp;
using Berth.Oci.Runtime;
using Berth.Runtime.Seccomp;
using static Berth.Linux.Seccomp.SeccompAbi;

namespace Berth.Runtime.Tests.Seccomp;

public class SeccompCompilerTests
{
    // x86_64 numbers, written out here as an independent check of the generated table.
    private const uint Read = 0, Write = 1, Clone = 56, Mkdir = 83, Chmod = 90, Personality = 135, Mount = 165,
        Keyctl = 250, Unshare = 272, Clone3 = 435, Socket = 41, Listns = 470;
    private const uint I386Mkdir = 39, I386Chmod = 15, I386Socketcall = 102, X32Execve = 520;

    private static LinuxSeccomp Spec(string defaultAction, params LinuxSyscall[] syscalls) =>
        new() { DefaultAction = defaultAction, Syscalls = syscalls.ToList() };

    private static LinuxSyscall Rule(string action, params string[] names) => new() { Names = names.ToList(), Action = action };

    private static uint Run(LinuxSeccomp spec, SeccompData data)
    {
        var program = SeccompCompiler.Compile(spec);
        SeccompBpfInterpreter.Check(program.Instructions);
        return SeccompBpfInterpreter.Run(program.Instructions, data);
    }

    private static uint Errno(int errno) => RetErrno | (uint)errno;

    [Fact]
    public void ErrnoRuleBlocksOnlyTheNamedCalls()
    {
        var spec = Spec("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ERRNO", "mkdir", "chmod"));
        Assert.Equal(Errno(1), Run(spec, SeccompData.X86_64(Mkdir)));
        Assert.Equal(Errno(1), Run(spec, SeccompData.X86_64(Chmod)));
        Assert.Equal(RetAllow, Run(spec, SeccompData.X86_64(Read)));
        Assert.Equal(RetAllow, Run(spec, SeccompData.X86_64(Chmod + 1)));
        Assert.Equal(RetAllow, Run(spec, SeccompData.X86_64(Mkdir - 1)));
        Assert.Equal(RetAllow, Run(spec, SeccompData.X86_64(100000)));
    }

    [Theory]
    [InlineData("SCMP_ACT_KILL", RetKillThread)]
    [InlineData("SCMP_ACT_KILL_THREAD", RetKillThread)]
    [InlineData("SCMP_ACT_KILL_PROCESS", RetKillProcess)]
    [InlineData("SCMP_ACT_TRAP", RetTrap)]
    [InlineData("SCMP_ACT_ERRNO", RetErrno | 1)]
    [InlineData("SCMP_ACT_TRACE", RetTrace | 1)]
    [InlineData("SCMP_ACT_LOG", RetLog)]
    [InlineData("SCMP_ACT_NOTIFY", RetUserNotif)]
    public void EveryActionReturnsItsValue(string action, uint expected)
    {
        var spec = Spec("SCMP_ACT_ALLOW", Rule(action, "mkdir"));
        Assert.Equal(expected, Run(spec, SeccompData.X86_64(Mkdir)));
        Assert.Equal(RetAllow, Run(spec, SeccompData.X86_64(Read)));
    }

    [Fact]
    public void DefaultActionsAndErrnoValues()
    {
        var spec = Spec("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "read"), new LinuxSyscall { Names = ["mkdir"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 13 },
            new LinuxSyscall { Names = ["chmod"], Action = "SCMP_ACT_TRACE", ErrnoRet = 4242 });
        spec.DefaultErrnoRet = 38;
        spec.Syscalls!.Add(Rule("SCMP_ACT_ALLOW", "write"));
        Assert.Equal(RetAllow, Run(spec, SeccompData.X86_64(Read)));
        Assert.Equal(Errno(13), Run(spec, SeccompData.X86_64(Mkdir)));
        Assert.Equal(RetTrace | 4242, Run(spec, SeccompData.X86_64(Chmod)));
        Assert.Equal(Errno(38), Run(spec, SeccompData.X86_64(Personality)));

        Assert.Equal(RetKillProcess, Run(Spec("SCMP_ACT_KILL_PROCESS", Rule("SCMP_ACT_ALLOW", "read")), SeccompData.X86_64(Write)));
        Assert.Equal(RetTrap, Run(Spec("SCMP_ACT_TRAP", Rule("SCMP_ACT_ALLOW", "read")), SeccompData.X86_64(Write)));
        Assert.Equal(RetLog, Run(Spec("SCMP_ACT_LOG"), SeccompData.X86_64(Write)));
    }

    [Fact]
    public void NotifySetsTheListenerFlag()
    {
        var program = SeccompCompiler.Compile(Spec("SCMP_ACT_ALLOW", Rule("SCMP_ACT_NOTIFY", "mkdir")));
        Assert.True(program.UsesNotify);
        Assert.True(program.Flags.HasFlag(SeccompFilterFlags.NewListener));
        Assert.Throws<NotSupportedException>(() => SeccompSetup.Prepare(Spec("SCMP_ACT_ALLOW", Rule("SCMP_ACT_NOTIFY", "mkdir"))));
    }

    [Fact]
    public void FlagsAreParsed()
    {
        var spec = Spec("SCMP_ACT_ALLOW");
        spec.Flags = ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"];
        Assert.Equal(SeccompFilterFlags.Tsync | SeccompFilterFlags.Log | SeccompFilterFlags.SpecAllow | SeccompFilterFlags.WaitKillableRecv,
            SeccompCompiler.Compile(spec).Flags);
    }

    [Fact]
    public void OtherArchitecturesAreKilled()
    {
        var spec = Spec("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ERRNO", "mkdir"));
        Assert.Equal(RetKillProcess, Run(spec, SeccompData.X86(I386Mkdir)));
        Assert.Equal(RetKillProcess, Run(spec, SeccompData.X32(Mkdir)));
        Assert.Equal(RetKillProcess, Run(spec, new SeccompData(Mkdir, 0xc00000b7 /* AUDIT_ARCH_AARCH64 */, new ulong[6])));
        // Foreign architectures in the list change nothing on x86.
        spec.Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"];
        Assert.Equal(RetKillProcess, Run(spec, SeccompData.X86(I386Mkdir)));
        Assert.Equal(Errno(1), Run(spec, SeccompData.X86_64(Mkdir)));
    }

    [Fact]
    public void I386UsesItsOwnNumbers()
    {
        var spec = Spec("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ERRNO", "mkdir", "chown32"));
        spec.Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"];
        Assert.Equal(Errno(1), Run(spec, SeccompData.X86(I386Mkdir)));
        Assert.Equal(Errno(1), Run(spec, SeccompData.X86(212))); // chown32 exists on i386 only
        Assert.Equal(RetAllow, Run(spec, SeccompData.X86(Mkdir))); // 83 is symlink on i386
        Assert.Equal(RetAllow, Run(spec, SeccompData.X86(I386Chmod)));
        Assert.Equal(Errno(1), Run(spec, SeccompData.X86_64(Mkdir)));
        Assert.Equal(RetAllow, Run(spec, SeccompData.X86_64(212))); // lookup_dcookie on x86_64
    }

    [Fact]
    public void X32CallsCarryTheX32Bit()
    {
        var spec = Spec("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ERRNO", "mkdir", "execve"));
        spec.Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"];
        Assert.Equal(Errno(1), Run(spec, SeccompData.X32(Mkdir)));
        Assert.Equal(Errno(1), Run(spec, SeccompData.X32(X32Execve)));
        Assert.Equal(RetAllow, Run(spec, SeccompData.X32(59))); // x86_64's execve number is not execve on x32
        Assert.Equal(Errno(1), Run(spec, SeccompData.X86_64(59)));
        Assert.Equal(RetAllow, Run(spec, SeccompData.X32(Read)));
        Assert.Equal(RetKillProcess, Run(spec, SeccompData.X86(I386Mkdir)));
    }

    [Fact]
    public void UnknownNamesAreSkipped()
    {
        var spec = Spec("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ERRNO", "no_such_syscall", "mkdir", "arm_fadvise64_64"));
        Assert.Equal(Errno(1), Run(spec, SeccompData.X86_64(Mkdir)));
        Assert.Equal(RetAllow, Run(Spec("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ERRNO", "no_such_syscall")), SeccompData.X86_64(Mkdir)));
    }

    public static TheoryData<string> Ops => new() { "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ" };

    private static bool Reference(string op, ulong arg, ulong value, ulong valueTwo) => op switch
    {
        "SCMP_CMP_NE" => arg != value,
        "SCMP_CMP_LT" => arg < value,
        "SCMP_CMP_LE" => arg <= value,
        "SCMP_CMP_EQ" => arg == value,
        "SCMP_CMP_GE" => arg >= value,
        "SCMP_CMP_GT" => arg > value,
        "SCMP_CMP_MASKED_EQ" => (arg & value) == valueTwo,
        _ => throw new ArgumentException(op),
    };

    [Theory]
    [MemberData(nameof(Ops))]
    public void EveryOperatorComparesBothHalvesOfA64BitArgument(string op)
    {
        var random = new Random(op.GetHashCode() & 0xffff);
        ulong[] interesting = [0, 1, 2, 0xffffffff, 0x1_0000_0000, 0x1_0000_0001, 0x7fffffff_ffffffff, 0xffffffff_ffffffff,
            0x2_0000_0005, 0x2_0000_0004, 0x2_0000_0006, 0x1_0000_0005, 0x3_0000_0005, 0x5, 0x7e020000];
        for (int round = 0; round < 40; round++)
        {
            ulong value = round < interesting.Length ? interesting[round] : (ulong)random.NextInt64() ^ ((ulong)random.Next(4) << 62);
            ulong valueTwo = op == "SCMP_CMP_MASKED_EQ" ? value & (round % 3 == 0 ? 0xffff_0000_ffff_0000UL : ulong.MaxValue) : 0;
            int index = round % 6;
            var spec = Spec("SCMP_ACT_ALLOW", new LinuxSyscall
            {
                Names = ["personality"], Action = "SCMP_ACT_ERRNO",
                Args = [new LinuxSeccompArg { Index = (uint)index, Value = value, ValueTwo = valueTwo, Op = op }],
            });
            var program = SeccompCompiler.Compile(spec);
            SeccompBpfInterpreter.Check(program.Instructions);
            var candidates = new List<ulong> { value, value - 1, value + 1, value ^ 0x1_0000_0000, value ^ 1, value + 0x1_0000_0000, value - 0x1_0000_0000, 0, ulong.MaxValue, valueTwo, valueTwo | 0x8000 };
            for (int k = 0; k < 8; k++) candidates.Add((ulong)random.NextInt64());
            foreach (ulong arg in candidates)
            {
                var args = new ulong[6];
                args[index] = arg;
                args[(index + 1) % 6] = ~arg; // other arguments must not matter
                uint expected = Reference(op, arg, value, valueTwo) ? Errno(1) : RetAllow;
                Assert.True(expected == SeccompBpfInterpreter.Run(program.Instructions, SeccompData.X86_64(Personality, args)),
                    $"{op} arg{index}=0x{arg:x} value=0x{value:x} valueTwo=0x{valueTwo:x}");
            }
        }
    }

    [Fact]
    public void ConditionsInOneRuleAreAllRequired()
    {
        var spec = Spec("SCMP_ACT_ALLOW", new LinuxSyscall
        {
            Names = ["mkdir"], Action = "SCMP_ACT_ERRNO",
            Args = [new() { Index = 0, Value = 5, Op = "SCMP_CMP_EQ" }, new() { Index = 1, Value = 0x1ff, Op = "SCMP_CMP_GT" }],
        });
        Assert.Equal(Errno(1), Run(spec, SeccompData.X86_64(Mkdir, 5, 0x200)));
        Assert.Equal(RetAllow, Run(spec, SeccompData.X86_64(Mkdir, 5, 0x1ff)));
        Assert.Equal(RetAllow, Run(spec, SeccompData.X86_64(Mkdir, 4, 0x200)));
    }

    [Fact]
    public void RepeatedArgumentIndexMeansAnyOfTheConditions()
    {
        // runc adds each condition on a repeated index as its own rule.
        var spec = Spec("SCMP_ACT_ALLOW", new LinuxSyscall
        {
            Names = ["mkdir"], Action = "SCMP_ACT_ERRNO",
            Args = [new() { Index = 0, Value = 5, Op = "SCMP_CMP_EQ" }, new() { Index = 0, Value = 7, Op = "SCMP_CMP_EQ" }],
        });
        Assert.Equal(Errno(1), Run(spec, SeccompData.X86_64(Mkdir, 5)));
        Assert.Equal(Errno(1), Run(spec, SeccompData.X86_64(Mkdir, 7)));
        Assert.Equal(RetAllow, Run(spec, SeccompData.X86_64(Mkdir, 6)));
    }

    [Fact]
    public void ConditionalRulesAreTriedInOrderAndUnconditionalRulesWin()
    {
        var ordered = Spec("SCMP_ACT_ALLOW",
            new LinuxSyscall { Names = ["mkdir"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 5, Args = [new() { Index = 0, Value = 10, Op = "SCMP_CMP_LT" }] },
            new LinuxSyscall { Names = ["mkdir"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 6, Args = [new() { Index = 0, Value = 20, Op = "SCMP_CMP_LT" }] });
        Assert.Equal(Errno(5), Run(ordered, SeccompData.X86_64(Mkdir, 3)));
        Assert.Equal(Errno(6), Run(ordered, SeccompData.X86_64(Mkdir, 15)));
        Assert.Equal(RetAllow, Run(ordered, SeccompData.X86_64(Mkdir, 25)));

        ordered.Syscalls!.Add(new LinuxSyscall { Names = ["mkdir"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 7 });
        Assert.Equal(Errno(7), Run(ordered, SeccompData.X86_64(Mkdir, 3)));
        Assert.Equal(Errno(7), Run(ordered, SeccompData.X86_64(Mkdir, 25)));
    }

    [Fact]
    public void CallsNewerThanTheProfileGetEnosys()
    {
        var allowList = Spec("SCMP_ACT_ERRNO", Rule("SCMP_ACT_ALLOW", "read", "mkdir"));
        Assert.Equal(Errno(1), Run(allowList, SeccompData.X86_64(Chmod))); // only for listed architectures, as runc
        allowList.Architectures = ["SCMP_ARCH_X86_64"];
        Assert.Equal(Errno(1), Run(allowList, SeccompData.X86_64(Chmod - 10)));
        Assert.Equal(Errno(38), Run(allowList, SeccompData.X86_64(Chmod)));
        Assert.Equal(Errno(38), Run(allowList, SeccompData.X86_64(Listns)));
        var killList = Spec("SCMP_ACT_KILL_PROCESS", Rule("SCMP_ACT_ALLOW", "read", "mkdir"));
        killList.Architectures = ["SCMP_ARCH_X86_64"];
        Assert.Equal(RetKillProcess, Run(killList, SeccompData.X86_64(Mkdir - 1)));
        Assert.Equal(Errno(38), Run(killList, SeccompData.X86_64(Mkdir + 1)));
        var denyList = Spec("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ERRNO", "mkdir"));
        denyList.Architectures = ["SCMP_ARCH_X86_64"];
        Assert.Equal(RetAllow, Run(denyList, SeccompData.X86_64(Listns)));
    }

    [Fact]
    public void AnEmptyProfileIsOneRangeWithNoTree()
    {
        var program = SeccompCompiler.Compile(Spec("SCMP_ACT_ALLOW"));
        SeccompBpfInterpreter.Check(program.Instructions);
        Assert.True(program.Instructions.Count < 10, program.ToString());
        Assert.Equal(RetAllow, SeccompBpfInterpreter.Run(program.Instructions, SeccompData.X86_64(Mkdir)));
    }

    [Fact]
    public void FarJumpsGetTrampolines()
    {
        // Hundreds of argument blocks push the returns far beyond a conditional jump's 255-instruction reach.
        var syscalls = new List<LinuxSyscall>();
        var names = new[] { "read", "write", "mkdir", "chmod", "personality", "mount", "keyctl", "unshare", "socket", "clone" };
        foreach (string name in names)
            for (int v = 0; v < 40; v++)
                syscalls.Add(new LinuxSyscall { Names = [name], Action = "SCMP_ACT_ERRNO", ErrnoRet = (uint)(100 + v), Args = [new() { Index = 2, Value = (ulong)v, Op = "SCMP_CMP_EQ" }] });
        var spec = new LinuxSeccomp { DefaultAction = "SCMP_ACT_ALLOW", Syscalls = syscalls };
        var program = SeccompCompiler.Compile(spec);
        SeccompBpfInterpreter.Check(program.Instructions);
        Assert.True(program.Instructions.Count > 1000);
        Assert.Contains(program.Instructions, i => i.Code == (BpfInstruction.BPF_JMP | BpfInstruction.BPF_JA) && i.K > 255);
        foreach (uint nr in new[] { Read, Write, Mkdir, Chmod, Personality, Mount, Keyctl, Unshare, Socket, Clone })
        {
            Assert.Equal(Errno(100), SeccompBpfInterpreter.Run(program.Instructions, SeccompData.X86_64(nr, 0, 0, 0)));
            Assert.Equal(Errno(139), SeccompBpfInterpreter.Run(program.Instructions, SeccompData.X86_64(nr, 0, 0, 39)));
            Assert.Equal(RetAllow, SeccompBpfInterpreter.Run(program.Instructions, SeccompData.X86_64(nr, 0, 0, 40)));
        }
    }

    [Theory]
    [InlineData("SCMP_ACT_NOPE", null, null, "linux.seccomp.syscalls[0].action: unknown action SCMP_ACT_NOPE")]
    [InlineData("SCMP_ACT_ALLOW", 7u, null, "linux.seccomp.syscalls[0].args[0].index: 7 is not an argument index (0-5)")]
    [InlineData("SCMP_ACT_ALLOW", 0u, "SCMP_CMP_FOO", "linux.seccomp.syscalls[0].args[0].op: unknown operator SCMP_CMP_FOO")]
    public void InvalidRulesNameTheField(string action, uint? index, string? op, string message)
    {
        var call = new LinuxSyscall { Names = ["mkdir"], Action = action };
        if (index is not null) call.Args = [new() { Index = index.Value, Value = 1, Op = op ?? "SCMP_CMP_EQ" }];
        var e = Assert.Throws<SeccompSpecException>(() => SeccompCompiler.Compile(Spec("SCMP_ACT_ALLOW", call)));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void InvalidSectionsNameTheField()
    {
        Assert.Equal("linux.seccomp.defaultAction: missing action",
            Assert.Throws<SeccompSpecException>(() => SeccompCompiler.Compile(Spec(""))).Message);
        Assert.Equal("linux.seccomp.flags[0]: unknown flag SECCOMP_FILTER_FLAG_NOPE",
            Assert.Throws<SeccompSpecException>(() => SeccompCompiler.Compile(new LinuxSeccomp { DefaultAction = "SCMP_ACT_ALLOW", Flags = ["SECCOMP_FILTER_FLAG_NOPE"] })).Message);
        Assert.Equal("linux.seccomp.architectures[1]: unknown architecture SCMP_ARCH_VAX",
            Assert.Throws<SeccompSpecException>(() => SeccompCompiler.Compile(new LinuxSeccomp { DefaultAction = "SCMP_ACT_ALLOW", Architectures = ["SCMP_ARCH_X86", "SCMP_ARCH_VAX"] })).Message);
        Assert.Equal("linux.seccomp.syscalls[0].action: errnoRet is only valid with SCMP_ACT_ERRNO and SCMP_ACT_TRACE, not SCMP_ACT_ALLOW",
            Assert.Throws<SeccompSpecException>(() => SeccompCompiler.Compile(Spec("SCMP_ACT_ERRNO", new LinuxSyscall { Names = ["read"], Action = "SCMP_ACT_ALLOW", ErrnoRet = 1 }))).Message);
        Assert.Equal("linux.seccomp.syscalls[0].names: no syscall named",
            Assert.Throws<SeccompSpecException>(() => SeccompCompiler.Compile(Spec("SCMP_ACT_ERRNO", new LinuxSyscall { Action = "SCMP_ACT_ALLOW" }))).Message);
        Assert.Equal("linux.seccomp.defaultAction: SCMP_ACT_NOTIFY cannot be the default action",
            Assert.Throws<SeccompSpecException>(() => SeccompCompiler.Compile(Spec("SCMP_ACT_NOTIFY"))).Message);
    }

    [Fact]
    public void TheCacheReturnsOneProgramPerDistinctSpec()
    {
        var a = SeccompCompiler.CompileCached(Spec("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ERRNO", "mkdir")));
        var b = SeccompCompiler.CompileCached(Spec("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ERRNO", "mkdir")));
        var c = SeccompCompiler.CompileCached(Spec("SCMP_ACT_ALLOW", Rule("SCMP_ACT_ERRNO", "chmod")));
        Assert.Same(a, b);
        Assert.NotSame(a, c);
    }
}
