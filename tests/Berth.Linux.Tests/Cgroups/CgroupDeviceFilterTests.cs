using Berth.Linux.Cgroups;
using Berth.Oci.Runtime;

namespace Berth.Linux.Tests.Cgroups;

public class CgroupDeviceFilterTests
{
    /// <summary>Runs the program on struct bpf_cgroup_dev_ctx as the kernel would, after checking what its verifier checks
    /// of our programs: known opcodes, jumps inside the program, every instruction reachable, r0 set before exit.</summary>
    private static int Run(EbpfInstruction[] program, char type, uint major, uint minor, DeviceAccess access)
    {
        uint accessType = ((uint)access << 16) | (type == 'c' ? 2u : 1u);
        uint[] ctx = [accessType, major, minor];
        var r = new ulong[11];
        bool r0Set = false;
        int pc = 0;
        for (int steps = 0; steps < 10000; steps++)
        {
            var i = program[pc];
            int next = pc + 1;
            switch (i.Code)
            {
                case EbpfInstruction.LdxMemW:
                    Assert.Equal(1, i.Src);
                    Assert.True(i.Offset is 0 or 4 or 8);
                    r[i.Dst] = ctx[i.Offset / 4];
                    break;
                case EbpfInstruction.Mov64Reg: r[i.Dst] = r[i.Src]; break;
                case EbpfInstruction.Mov64Imm: r[i.Dst] = (ulong)(long)i.Immediate; r0Set |= i.Dst == 0; break;
                case EbpfInstruction.And64Imm: r[i.Dst] &= (ulong)(long)i.Immediate; break;
                case EbpfInstruction.Rsh64Imm: r[i.Dst] >>= i.Immediate; break;
                case EbpfInstruction.Jne32Imm: if ((uint)r[i.Dst] != (uint)i.Immediate) next += i.Offset; break;
                case EbpfInstruction.Jset32Imm: if (((uint)r[i.Dst] & (uint)i.Immediate) != 0) next += i.Offset; break;
                case EbpfInstruction.Ja: next += i.Offset; break;
                case EbpfInstruction.Exit:
                    Assert.True(r0Set, "exit before r0 was set");
                    return (int)r[0];
                default: throw new InvalidOperationException($"unexpected {i}");
            }
            pc = next;
        }
        throw new InvalidOperationException("no exit");
    }

    private static void CheckStructure(EbpfInstruction[] program)
    {
        var reached = new bool[program.Length];
        var work = new Stack<int>([0]);
        while (work.Count > 0)
        {
            int pc = work.Pop();
            Assert.InRange(pc, 0, program.Length - 1);
            if (reached[pc]) continue;
            reached[pc] = true;
            var i = program[pc];
            Assert.True(i.Offset >= 0, "backward jump");
            switch (i.Code)
            {
                case EbpfInstruction.Exit: break;
                case EbpfInstruction.Ja: work.Push(pc + 1 + i.Offset); break;
                case EbpfInstruction.Jne32Imm or EbpfInstruction.Jset32Imm: work.Push(pc + 1 + i.Offset); work.Push(pc + 1); break;
                default: work.Push(pc + 1); break;
            }
        }
        Assert.All(reached, Assert.True); // the verifier rejects unreachable instructions
    }

    /// <summary>The meaning the program must have: per requested bit, the last rule covering it decides; none: deny.</summary>
    private static int Reference(IReadOnlyList<DeviceRule> rules, char type, uint major, uint minor, DeviceAccess access)
    {
        foreach (var bit in new[] { DeviceAccess.Mknod, DeviceAccess.Read, DeviceAccess.Write })
        {
            if (!access.HasFlag(bit)) continue;
            bool allowed = false;
            for (int i = rules.Count - 1; i >= 0; i--)
            {
                var rule = rules[i];
                if (!rule.Access.HasFlag(bit) || (rule.Type != 'a' && rule.Type != type) ||
                    (rule.Major >= 0 && rule.Major != major) || (rule.Minor >= 0 && rule.Minor != minor)) continue;
                allowed = rule.Allow;
                break;
            }
            if (!allowed) return 0;
        }
        return 1;
    }

    private static readonly List<LinuxDeviceCgroup> DockerDefaults =
    [
        new() { Allow = false, Access = "rwm" },
        new() { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" },   // null
        new() { Allow = true, Type = "c", Major = 1, Minor = 5, Access = "rwm" },   // zero
        new() { Allow = true, Type = "c", Major = 1, Minor = 7, Access = "rwm" },   // full
        new() { Allow = true, Type = "c", Major = 1, Minor = 8, Access = "rwm" },   // random
        new() { Allow = true, Type = "c", Major = 1, Minor = 9, Access = "rwm" },   // urandom
        new() { Allow = true, Type = "c", Major = 5, Minor = 0, Access = "rwm" },   // tty
        new() { Allow = true, Type = "c", Major = 5, Minor = 1, Access = "rwm" },   // console
        new() { Allow = true, Type = "c", Major = 5, Minor = 2, Access = "rwm" },   // ptmx
        new() { Allow = true, Type = "c", Major = 136, Access = "rwm" },            // pts
        new() { Allow = false, Type = "c", Major = 10, Minor = 229, Access = "rwm" },
        new() { Allow = true, Type = "c", Major = 10, Minor = 200, Access = "rwm" }, // tun
        new() { Allow = true, Type = "c", Access = "m" },
        new() { Allow = true, Type = "b", Access = "m" },
    ];

    [Fact]
    public void DockerDefaultDeviceRules()
    {
        var rules = DeviceRule.From(DockerDefaults);
        var program = CgroupDeviceFilter.Compile(rules);
        CheckStructure(program);
        Assert.Equal(1, Run(program, 'c', 1, 3, DeviceAccess.Read | DeviceAccess.Write));
        Assert.Equal(1, Run(program, 'c', 136, 7, DeviceAccess.Write));
        Assert.Equal(1, Run(program, 'b', 8, 0, DeviceAccess.Mknod));
        Assert.Equal(0, Run(program, 'b', 8, 0, DeviceAccess.Read));
        Assert.Equal(0, Run(program, 'c', 1, 1, DeviceAccess.Read)); // /dev/mem
        Assert.Equal(0, Run(program, 'c', 10, 229, DeviceAccess.Read));
        Assert.Equal(1, Run(program, 'c', 10, 229, DeviceAccess.Mknod));
    }

    [Fact]
    public void LaterRulesOverrideEarlierOnesPerAccessBit()
    {
        var rules = DeviceRule.From([
            new LinuxDeviceCgroup { Allow = true, Access = "rwm" },
            new LinuxDeviceCgroup { Allow = false, Type = "c", Major = 1, Minor = 3, Access = "w" },
        ]);
        var program = CgroupDeviceFilter.Compile(rules);
        CheckStructure(program);
        Assert.Equal(1, Run(program, 'c', 1, 3, DeviceAccess.Read));
        Assert.Equal(0, Run(program, 'c', 1, 3, DeviceAccess.Write));
        Assert.Equal(0, Run(program, 'c', 1, 3, DeviceAccess.Read | DeviceAccess.Write));
        Assert.Equal(1, Run(program, 'c', 1, 4, DeviceAccess.Write));
        Assert.Equal(1, Run(program, 'b', 1, 3, DeviceAccess.Write));
    }

    [Fact]
    public void RandomRuleListsMatchTheReference()
    {
        var random = new Random(7);
        string[] accesses = ["r", "w", "m", "rw", "rm", "wm", "rwm"];
        string?[] types = [null, "a", "b", "c"];
        for (int round = 0; round < 300; round++)
        {
            var list = new List<LinuxDeviceCgroup>();
            for (int n = random.Next(0, 8); n > 0; n--)
                list.Add(new LinuxDeviceCgroup
                {
                    Allow = random.Next(2) == 0, Type = types[random.Next(types.Length)],
                    Major = random.Next(3) == 0 ? null : random.Next(1, 4), Minor = random.Next(3) == 0 ? null : random.Next(0, 3),
                    Access = accesses[random.Next(accesses.Length)],
                });
            var rules = DeviceRule.From(list);
            var program = CgroupDeviceFilter.Compile(rules);
            CheckStructure(program);
            foreach (char type in "bc")
                for (uint major = 0; major < 5; major++)
                    for (uint minor = 0; minor < 4; minor++)
                        for (int access = 1; access < 8; access++)
                            Assert.True(Reference(rules, type, major, minor, (DeviceAccess)access) == Run(program, type, major, minor, (DeviceAccess)access),
                                $"round {round}: {type} {major}:{minor} access {access}");
        }
    }

    [Fact]
    public void V1WritesResetThenApplyInOrder()
    {
        var writes = DeviceRule.V1Writes(DeviceRule.From([
            new LinuxDeviceCgroup { Allow = false, Access = "rwm" },
            new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 1, Minor = 3, Access = "rwm" },
            new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 136, Access = "rw" },
            new LinuxDeviceCgroup { Allow = true, Access = "m" },
            new LinuxDeviceCgroup { Allow = false, Type = "b", Major = 8, Minor = 0, Access = "m" },
        ]));
        Assert.Equal(
        [
            ("devices.deny", "a"), ("devices.deny", "a"), ("devices.allow", "c 1:3 rwm"), ("devices.allow", "c 136:* rw"),
            ("devices.allow", "c *:* m"), ("devices.allow", "b *:* m"), ("devices.deny", "b 8:0 m"),
        ], writes);
    }

    [Fact]
    public void BadRulesNameTheField()
    {
        Assert.Contains("devices[0].type", Assert.Throws<ArgumentException>(() => DeviceRule.From([new LinuxDeviceCgroup { Type = "x" }])).Message);
        Assert.Contains("devices[1].access", Assert.Throws<ArgumentException>(() => DeviceRule.From([new LinuxDeviceCgroup(), new LinuxDeviceCgroup { Access = "rx" }])).Message);
    }
}
