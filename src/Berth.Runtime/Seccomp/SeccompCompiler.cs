using System.Collections.Concurrent;
using System.Text.Json;
using Berth.Linux;
using Berth.Linux.Seccomp;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Seccomp;

/// <summary>
/// Compiles the OCI seccomp section into classic BPF, without libseccomp. Semantics follow runc + libseccomp:
/// x86_64 (native) is always filtered; SCMP_ARCH_X86 and SCMP_ARCH_X32 add sections; other architectures and
/// syscall names unknown to an architecture are skipped. Per syscall, an unconditional rule wins over
/// conditional ones; conditional rules are tried in order, the first whose conditions all hold decides; several
/// conditions on the same argument index in one entry are alternatives (runc adds them as separate rules).
/// On the architectures the profile lists, syscall numbers above the highest one it names return ENOSYS unless
/// the default action lets calls through, so that libc falls back from calls newer than the profile (as runc
/// does). Calls from other architectures kill the process.
/// <para>
/// Layout: check arch → per arch a balanced tree of "jge" on the syscall number over ranges of equal outcome
/// (about log2(ranges) jumps per call, not a chain of hundreds) → argument blocks → returns.
/// </para>
/// </summary>
public static class SeccompCompiler
{
    private static readonly ConcurrentDictionary<string, SeccompProgram> Cache = new(StringComparer.Ordinal);

    /// <summary>The action for calls from architectures the filter does not cover.</summary>
    public const uint BadArchAction = SeccompAbi.RetKillProcess;

    public static SeccompProgram Compile(LinuxSeccomp spec)
    {
        uint defaultAction = SeccompActions.Parse(spec.DefaultAction, spec.DefaultErrnoRet, "linux.seccomp.defaultAction");
        if (defaultAction == SeccompAbi.RetUserNotif)
            throw new SeccompSpecException("linux.seccomp.defaultAction", "SCMP_ACT_NOTIFY cannot be the default action");

        var flags = SeccompFilterFlags.None;
        for (int i = 0; i < (spec.Flags?.Count ?? 0); i++)
            flags |= SeccompActions.ParseFlag(spec.Flags![i], $"linux.seccomp.flags[{i}]");

        bool[] enabled = SeccompActions.ParseArchitectures(spec.Architectures, out bool[] listed);
        // Per arch: syscall number -> its rules in profile order. Most numbers get one entry's rules: share that array.
        var rules = new Dictionary<uint, SeccompRule[]>[3];
        for (int a = 0; a < 3; a++) rules[a] = new Dictionary<uint, SeccompRule[]>(enabled[a] ? 512 : 0);

        bool usesNotify = false;
        var syscalls = spec.Syscalls ?? [];
        for (int i = 0; i < syscalls.Count; i++)
        {
            string field = $"linux.seccomp.syscalls[{i}]";
            var entry = syscalls[i];
            if (entry.Names is null || entry.Names.Count == 0) throw new SeccompSpecException(field + ".names", "no syscall named");
            uint action = SeccompActions.Parse(entry.Action, entry.ErrnoRet, field + ".action");
            usesNotify |= action == SeccompAbi.RetUserNotif;
            var entryRules = RulesOf(action, entry.Args, field);
            foreach (string name in entry.Names)
            {
                for (int a = 0; a < 3; a++)
                {
                    if (!enabled[a]) continue;
                    int number = Lookup((SeccompArch)a, name);
                    if (number < 0) continue;
                    uint nr = (SeccompArch)a == SeccompArch.X32 ? SeccompAbi.X32SyscallBit | (uint)number : (uint)number;
                    rules[a][nr] = rules[a].TryGetValue(nr, out var earlier) ? [.. earlier, .. entryRules] : entryRules;
                }
            }
        }
        if (usesNotify) flags |= SeccompFilterFlags.NewListener;

        var asm = new BpfAssembler();
        int x86_64 = asm.NewLabel(), x86 = asm.NewLabel(), x32 = asm.NewLabel();
        int badArch = asm.Return(BadArchAction);
        asm.LoadWord(SeccompAbi.OffsetArch);
        if (enabled[(int)SeccompArch.X86])
        {
            int next = asm.NewLabel();
            asm.JumpIf(BpfInstruction.BPF_JEQ, SeccompAbi.AuditArchX86_64, x86_64, next);
            asm.Bind(next);
            asm.JumpIf(BpfInstruction.BPF_JEQ, SeccompAbi.AuditArchI386, x86, badArch);
        }
        else
            asm.JumpIf(BpfInstruction.BPF_JEQ, SeccompAbi.AuditArchX86_64, x86_64, badArch);
        asm.FlushReturns();

        // x86_64: numbers with the x32 bit belong to x32 (same audit arch).
        asm.Bind(x86_64);
        asm.LoadWord(SeccompAbi.OffsetNr);
        int native = asm.NewLabel();
        asm.JumpIf(BpfInstruction.BPF_JGE, SeccompAbi.X32SyscallBit,
            enabled[(int)SeccompArch.X32] ? x32 : asm.Return(BadArchAction), native);
        asm.Bind(native);
        EmitSection(asm, rules[(int)SeccompArch.X86_64], 0, SeccompAbi.X32SyscallBit, defaultAction, listed[(int)SeccompArch.X86_64]);

        if (enabled[(int)SeccompArch.X32])
        {
            asm.Bind(x32); // A still holds nr
            EmitSection(asm, rules[(int)SeccompArch.X32], SeccompAbi.X32SyscallBit, 1UL << 32, defaultAction, true);
        }
        if (enabled[(int)SeccompArch.X86])
        {
            asm.Bind(x86);
            asm.LoadWord(SeccompAbi.OffsetNr);
            EmitSection(asm, rules[(int)SeccompArch.X86], 0, 1UL << 32, defaultAction, true);
        }

        var program = asm.Build();
        if (program.Length > SeccompAbi.MaxInstructions)
            throw new SeccompSpecException("linux.seccomp", $"the filter needs {program.Length} BPF instructions, the kernel takes at most {SeccompAbi.MaxInstructions}");
        return new SeccompProgram(program, flags, usesNotify);
    }

    /// <summary>
    /// <see cref="Compile"/> once per distinct spec in this process, keyed by the spec's canonical JSON itself: no
    /// collision can hand a container someone else's filter, and no crypto library is needed — the container's init
    /// compiles after pivot_root, where the host's libssl is out of reach.
    /// </summary>
    public static SeccompProgram CompileCached(LinuxSeccomp spec) => Cache.GetOrAdd(Hash(spec), _ => Compile(spec));

    /// <summary>The spec's canonical JSON, the cache key of <see cref="CompileCached"/>.</summary>
    public static string Hash(LinuxSeccomp spec) => JsonSerializer.Serialize(spec, RuntimeJsonContext.Default.LinuxSeccomp);

    internal static int Lookup(SeccompArch arch, string name) => arch switch
    {
        SeccompArch.X86_64 => SyscallTable.X86_64(name),
        SeccompArch.X86 => SyscallTable.X86(name),
        _ => SyscallTable.X32(name),
    };

    /// <summary>The rules one syscall entry adds: one with all its conditions, or one per condition when an index repeats.</summary>
    private static SeccompRule[] RulesOf(uint action, List<LinuxSeccompArg>? args, string field)
    {
        if (args is null || args.Count == 0) return [new SeccompRule(action, [])];
        var conditions = new SeccompCondition[args.Count];
        for (int j = 0; j < args.Count; j++)
        {
            var arg = args[j];
            string argField = $"{field}.args[{j}]";
            if (arg.Index > 5) throw new SeccompSpecException(argField + ".index", $"{arg.Index} is not an argument index (0-5)");
            var op = SeccompActions.ParseOp(arg.Op, argField + ".op");
            conditions[j] = new SeccompCondition((int)arg.Index, op, arg.Value, arg.ValueTwo ?? 0);
        }
        bool repeated = conditions.Select(c => c.Index).Distinct().Count() != conditions.Length;
        return repeated
            ? conditions.Select(c => new SeccompRule(action, [c])).ToArray()
            : [new SeccompRule(action, conditions)];
    }

    /// <summary>What one syscall number leads to: a plain return, or an argument-checking block.</summary>
    private readonly record struct Outcome(uint Action, int Block)
    {
        public static Outcome Return(uint action) => new(action, -1);
    }

    /// <summary>Emits the decision for every nr in [start, end) (A holds nr), its argument blocks and returns.</summary>
    private static void EmitSection(BpfAssembler asm, Dictionary<uint, SeccompRule[]> rules, uint start, ulong end, uint defaultAction, bool enosysStub)
    {
        var blocks = new List<ArraySegment<SeccompRule>>();
        var numbers = new uint[rules.Count];
        rules.Keys.CopyTo(numbers, 0);
        Array.Sort(numbers);
        var outcomes = new Outcome[numbers.Length];
        for (int i = 0; i < numbers.Length; i++)
        {
            var list = rules[numbers[i]];
            SeccompRule? unconditional = null;
            foreach (var rule in list)
            {
                if (!rule.IsUnconditional) continue;
                unconditional = rule;
                break;
            }
            if (unconditional is not null)
            {
                outcomes[i] = Outcome.Return(unconditional.Action);
                continue;
            }
            int keep = list.Length;
            while (keep > 0 && list[keep - 1].Action == defaultAction) keep--;
            if (keep == 0) outcomes[i] = Outcome.Return(defaultAction);
            else
            {
                blocks.Add(new ArraySegment<SeccompRule>(list, 0, keep));
                outcomes[i] = new Outcome(0, blocks.Count - 1);
            }
        }

        // Calls newer than anything the profile names get ENOSYS (libc then falls back), unless the default lets
        // calls through (allow, log, trace) - as runc does, for the architectures the profile lists.
        uint enosys = SeccompAbi.RetErrno | (uint)Errnos.ENOSYS;
        uint defaultKind = defaultAction & SeccompAbi.RetActionFullMask;
        bool stub = enosysStub && rules.Count > 0 && defaultKind != SeccompAbi.RetAllow && defaultKind != SeccompAbi.RetLog
            && defaultKind != SeccompAbi.RetTrace && defaultAction != enosys;
        ulong stubFrom = stub ? (ulong)numbers[^1] + 1 : end;

        // Ranges [Start, next Start) of equal outcome, covering [start, end).
        var ranges = new List<(uint Start, Outcome Outcome)>();
        void Add(ulong from, Outcome outcome)
        {
            if (from >= end) return;
            if (ranges.Count > 0 && ranges[^1].Outcome.Block < 0 && outcome.Block < 0 && ranges[^1].Outcome.Action == outcome.Action) return;
            ranges.Add(((uint)from, outcome));
        }
        ulong cursor = start;
        for (int i = 0; i < numbers.Length; i++)
        {
            uint nr = numbers[i];
            if (nr > cursor) Add(cursor, Outcome.Return(defaultAction));
            Add(nr, outcomes[i]);
            cursor = (ulong)nr + 1;
        }
        if (cursor < stubFrom) Add(cursor, Outcome.Return(defaultAction));
        if (stubFrom < end) Add(Math.Max(stubFrom, cursor), Outcome.Return(enosys));

        var blockLabels = new int[blocks.Count];
        for (int b = 0; b < blockLabels.Length; b++) blockLabels[b] = asm.NewLabel();
        int LabelOf(Outcome o) => o.Block >= 0 ? blockLabels[o.Block] : asm.Return(o.Action);

        void Node(int from, int to, int self)
        {
            asm.Bind(self);
            int mid = (from + to) / 2;
            int left = mid - from == 1 ? LabelOf(ranges[from].Outcome) : asm.NewLabel();
            int right = to - mid == 1 ? LabelOf(ranges[mid].Outcome) : asm.NewLabel();
            asm.JumpIf(BpfInstruction.BPF_JGE, ranges[mid].Start, right, left);
            if (mid - from > 1) Node(from, mid, left);
            if (to - mid > 1) Node(mid, to, right);
        }

        if (ranges.Count == 1) asm.Jump(LabelOf(ranges[0].Outcome));
        else Node(0, ranges.Count, asm.NewLabel());

        for (int b = 0; b < blocks.Count; b++)
        {
            asm.Bind(blockLabels[b]);
            EmitRules(asm, blocks[b], defaultAction);
        }
        asm.FlushReturns();
    }

    private static void EmitRules(BpfAssembler asm, ArraySegment<SeccompRule> rules, uint defaultAction)
    {
        for (int r = 0; r < rules.Count; r++)
        {
            bool last = r == rules.Count - 1;
            int fail = last ? asm.Return(defaultAction) : asm.NewLabel();
            var conditions = rules[r].Conditions;
            for (int c = 0; c < conditions.Length; c++)
            {
                int pass = c == conditions.Length - 1 ? asm.Return(rules[r].Action) : asm.NewLabel();
                EmitCondition(asm, conditions[c], pass, fail);
                if (c < conditions.Length - 1) asm.Bind(pass);
            }
            if (!last) asm.Bind(fail);
        }
    }

    /// <summary>Code that jumps to <paramref name="pass"/> when the 64-bit comparison holds, else to <paramref name="fail"/>.</summary>
    private static void EmitCondition(BpfAssembler asm, SeccompCondition c, int pass, int fail)
    {
        uint hi = (uint)(c.Value >> 32), lo = (uint)c.Value;
        uint hiArg = SeccompAbi.ArgHigh(c.Index), loArg = SeccompAbi.ArgLow(c.Index);
        int low = asm.NewLabel();
        switch (c.Op)
        {
            case SeccompCompare.Equal:
                asm.LoadWord(hiArg);
                asm.JumpIf(BpfInstruction.BPF_JEQ, hi, low, fail);
                asm.Bind(low);
                asm.LoadWord(loArg);
                asm.JumpIf(BpfInstruction.BPF_JEQ, lo, pass, fail);
                break;
            case SeccompCompare.NotEqual:
                asm.LoadWord(hiArg);
                asm.JumpIf(BpfInstruction.BPF_JEQ, hi, low, pass);
                asm.Bind(low);
                asm.LoadWord(loArg);
                asm.JumpIf(BpfInstruction.BPF_JEQ, lo, fail, pass);
                break;
            case SeccompCompare.Greater:
            case SeccompCompare.GreaterOrEqual:
            {
                int equalHigh = asm.NewLabel();
                asm.LoadWord(hiArg);
                asm.JumpIf(BpfInstruction.BPF_JGT, hi, pass, equalHigh);
                asm.Bind(equalHigh);
                asm.JumpIf(BpfInstruction.BPF_JEQ, hi, low, fail);
                asm.Bind(low);
                asm.LoadWord(loArg);
                asm.JumpIf(c.Op == SeccompCompare.Greater ? BpfInstruction.BPF_JGT : BpfInstruction.BPF_JGE, lo, pass, fail);
                break;
            }
            case SeccompCompare.Less:          // !(arg >= v)
            case SeccompCompare.LessOrEqual:   // !(arg > v)
            {
                int equalHigh = asm.NewLabel();
                asm.LoadWord(hiArg);
                asm.JumpIf(BpfInstruction.BPF_JGT, hi, fail, equalHigh);
                asm.Bind(equalHigh);
                asm.JumpIf(BpfInstruction.BPF_JEQ, hi, low, pass);
                asm.Bind(low);
                asm.LoadWord(loArg);
                asm.JumpIf(c.Op == SeccompCompare.Less ? BpfInstruction.BPF_JGE : BpfInstruction.BPF_JGT, lo, fail, pass);
                break;
            }
            case SeccompCompare.MaskedEqual:
            {
                uint maskHi = hi, maskLo = lo;
                uint wantHi = (uint)(c.ValueTwo >> 32), wantLo = (uint)c.ValueTwo;
                if (maskHi == 0 && wantHi != 0) { asm.Jump(fail); break; } // can never hold
                if (maskHi != 0)
                {
                    asm.LoadWord(hiArg);
                    asm.And(maskHi);
                    asm.JumpIf(BpfInstruction.BPF_JEQ, wantHi, low, fail);
                }
                asm.Bind(low);
                asm.LoadWord(loArg);
                if (maskLo != 0xffffffff) asm.And(maskLo);
                asm.JumpIf(BpfInstruction.BPF_JEQ, wantLo, pass, fail);
                break;
            }
        }
    }
}
