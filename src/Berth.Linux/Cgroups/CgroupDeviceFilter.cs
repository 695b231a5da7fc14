using System.Runtime.InteropServices;
using System.Text;
using Berth.Linux.Interop;

namespace Berth.Linux.Cgroups;

/// <summary>
/// Device access control on cgroup v2, which has no devices.allow/deny files: the rules are compiled into an eBPF
/// program of type BPF_PROG_TYPE_CGROUP_DEVICE and attached to the cgroup (BPF_CGROUP_DEVICE), replacing the
/// program attached before. The kernel runs it on every open/mknod of a device node with
/// struct bpf_cgroup_dev_ctx { u32 access_type (access &lt;&lt; 16 | type); u32 major; u32 minor; } and allows the
/// access when it returns 1.
/// <para>
/// Meaning of the rules (as in runc's emulator): starting from "deny everything", each rule in order allows or
/// denies its accesses, later rules overriding earlier ones. An access asking for several bits (read and write)
/// is allowed only if each bit is. The program checks each requested bit against the rules from last to first.
/// </para>
/// </summary>
public static unsafe class CgroupDeviceFilter
{
    private const int Ctx = 1, Type = 2, Access = 3, Major = 4, Minor = 5, Result = 0;

    public static EbpfInstruction[] Compile(IReadOnlyList<DeviceRule> rules)
    {
        var code = new List<EbpfInstruction>();
        var fixups = new List<(int At, int Label)>();
        var labels = new List<int>();
        int NewLabel() { labels.Add(-1); return labels.Count - 1; }
        void Bind(int label) => labels[label] = code.Count;
        void Jump(byte op, int reg, int imm, int label)
        {
            fixups.Add((code.Count, label));
            code.Add(new EbpfInstruction(op, (byte)reg, 0, imm));
        }

        code.Add(EbpfInstruction.Load32(Type, Ctx, 0));
        code.Add(EbpfInstruction.Move(Access, Type));
        code.Add(EbpfInstruction.AndImm(Type, 0xffff));
        code.Add(EbpfInstruction.ShiftRightImm(Access, 16));
        code.Add(EbpfInstruction.Load32(Major, Ctx, 4));
        code.Add(EbpfInstruction.Load32(Minor, Ctx, 8));

        foreach (var bit in new[] { DeviceAccess.Mknod, DeviceAccess.Read, DeviceAccess.Write })
        {
            int done = NewLabel(), check = NewLabel();
            Jump(EbpfInstruction.Jset32Imm, Access, (int)bit, check);
            Jump(EbpfInstruction.Ja, 0, 0, done);
            Bind(check);
            bool decided = false;
            for (int r = rules.Count - 1; r >= 0 && !decided; r--)
            {
                var rule = rules[r];
                if (!rule.Access.HasFlag(bit)) continue;
                int next = NewLabel();
                bool conditional = false;
                if (rule.Type != 'a')
                {
                    Jump(EbpfInstruction.Jne32Imm, Type, rule.Type == 'c' ? 2 : 1, next); // BPF_DEVCG_DEV_CHAR / _BLOCK
                    conditional = true;
                }
                if (rule.Major >= 0) { Jump(EbpfInstruction.Jne32Imm, Major, (int)rule.Major, next); conditional = true; }
                if (rule.Minor >= 0) { Jump(EbpfInstruction.Jne32Imm, Minor, (int)rule.Minor, next); conditional = true; }
                if (rule.Allow) Jump(EbpfInstruction.Ja, 0, 0, done);
                else
                {
                    code.Add(EbpfInstruction.MoveImm(Result, 0));
                    code.Add(EbpfInstruction.ExitProgram());
                }
                // After a rule that matches everything, nothing below it can run (the verifier rejects dead code).
                if (conditional) Bind(next);
                else decided = true;
            }
            if (!decided)
            {
                code.Add(EbpfInstruction.MoveImm(Result, 0));
                code.Add(EbpfInstruction.ExitProgram());
            }
            Bind(done);
        }
        code.Add(EbpfInstruction.MoveImm(Result, 1));
        code.Add(EbpfInstruction.ExitProgram());

        foreach (var (at, label) in fixups)
        {
            var insn = code[at];
            int offset = labels[label] - (at + 1);
            if (offset < 0 || offset > short.MaxValue) throw new InvalidOperationException($"device filter jump of {offset}");
            code[at] = insn with { Offset = (short)offset };
        }
        return code.ToArray();
    }

    /// <summary>Loads the program for <paramref name="rules"/> and attaches it to the cgroup at <paramref name="cgroupDir"/>,
    /// then detaches the device programs that were attached before.</summary>
    public static void Apply(string cgroupDir, IReadOnlyList<DeviceRule> rules)
    {
        var program = Compile(rules);
        using var prog = Load(program);
        using var cgroup = FileDescriptors.Open(cgroupDir, Libc.O_RDONLY | Libc.O_DIRECTORY);
        var old = Query(cgroup, cgroupDir);
        Attach(cgroup, prog, cgroupDir);
        var attr = stackalloc byte[AttrSize];
        foreach (uint id in old)
        {
            using var oldProg = ProgramById(id);
            if (oldProg is null) continue;
            new Span<byte>(attr, AttrSize).Clear();
            *(uint*)(attr + 0) = (uint)cgroup.Fd;
            *(uint*)(attr + 4) = (uint)oldProg.Fd;
            *(uint*)(attr + 8) = Libc.BPF_CGROUP_DEVICE;
            if (Bpf(Libc.BPF_PROG_DETACH, attr) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errnos.ENOENT) throw new SyscallException(errno, "bpf(BPF_PROG_DETACH)", cgroupDir);
            }
        }
    }

    /// <summary>Ids of the device programs attached to the cgroup itself.</summary>
    public static List<uint> AttachedPrograms(string cgroupDir)
    {
        using var cgroup = FileDescriptors.Open(cgroupDir, Libc.O_RDONLY | Libc.O_DIRECTORY);
        return Query(cgroup, cgroupDir);
    }

    private const int AttrSize = 128;

    private static long Bpf(int command, byte* attr) => Libc.syscall(Libc.SYS_bpf, command, (long)attr, AttrSize, 0, 0, 0);

    private static SafeFd Load(EbpfInstruction[] program)
    {
        byte[] license = "Apache-2.0\0"u8.ToArray();
        var attr = stackalloc byte[AttrSize];
        fixed (EbpfInstruction* insns = program)
        fixed (byte* lic = license)
        {
            for (int attempt = 0; attempt < 2; attempt++)
            {
                // On failure, load again with the verifier's log to say why.
                byte[] log = attempt == 0 ? [] : new byte[64 * 1024];
                fixed (byte* logBuf = log)
                {
                    new Span<byte>(attr, AttrSize).Clear();
                    *(uint*)(attr + 0) = Libc.BPF_PROG_TYPE_CGROUP_DEVICE;
                    *(uint*)(attr + 4) = (uint)program.Length;
                    *(ulong*)(attr + 8) = (ulong)insns;
                    *(ulong*)(attr + 16) = (ulong)lic;
                    if (attempt == 1)
                    {
                        *(uint*)(attr + 24) = 1;
                        *(uint*)(attr + 28) = (uint)log.Length;
                        *(ulong*)(attr + 32) = (ulong)logBuf;
                    }
                    Encoding.ASCII.GetBytes("berth_devices", new Span<byte>(attr + 48, 15));
                    long fd = Bpf(Libc.BPF_PROG_LOAD, attr);
                    if (fd >= 0) return new SafeFd((int)fd);
                    int errno = Marshal.GetLastPInvokeError();
                    if (attempt == 1 || errno is Errnos.EPERM or Errnos.ENOSYS)
                    {
                        string verifier = attempt == 1 ? Encoding.ASCII.GetString(log).TrimEnd('\0').Trim() : "";
                        throw new SyscallException(errno, "bpf(BPF_PROG_LOAD) of the device cgroup program" +
                            (verifier.Length > 0 ? $" (verifier: {verifier.Split('\n')[^1]})" : ""));
                    }
                }
            }
        }
        throw new InvalidOperationException("unreachable");
    }

    private static List<uint> Query(SafeFd cgroup, string cgroupDir)
    {
        var ids = new uint[64];
        var attr = stackalloc byte[AttrSize];
        fixed (uint* idsPtr = ids)
        {
            new Span<byte>(attr, AttrSize).Clear();
            *(uint*)(attr + 0) = (uint)cgroup.Fd;
            *(uint*)(attr + 4) = Libc.BPF_CGROUP_DEVICE;
            *(ulong*)(attr + 16) = (ulong)idsPtr;
            *(uint*)(attr + 24) = (uint)ids.Length;
            if (Bpf(Libc.BPF_PROG_QUERY, attr) < 0) throw SyscallException.FromLastError("bpf(BPF_PROG_QUERY)", cgroupDir);
            uint count = *(uint*)(attr + 24);
            return ids.Take((int)Math.Min(count, (uint)ids.Length)).ToList();
        }
    }

    private static void Attach(SafeFd cgroup, SafeFd prog, string cgroupDir)
    {
        var attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)(attr + 0) = (uint)cgroup.Fd;
        *(uint*)(attr + 4) = (uint)prog.Fd;
        *(uint*)(attr + 8) = Libc.BPF_CGROUP_DEVICE;
        *(uint*)(attr + 12) = Libc.BPF_F_ALLOW_MULTI;
        if (Bpf(Libc.BPF_PROG_ATTACH, attr) < 0) throw SyscallException.FromLastError("bpf(BPF_PROG_ATTACH)", cgroupDir);
    }

    private static SafeFd? ProgramById(uint id)
    {
        var attr = stackalloc byte[AttrSize];
        new Span<byte>(attr, AttrSize).Clear();
        *(uint*)(attr + 0) = id;
        long fd = Bpf(Libc.BPF_PROG_GET_FD_BY_ID, attr);
        if (fd >= 0) return new SafeFd((int)fd);
        int errno = Marshal.GetLastPInvokeError();
        if (errno == Errnos.ENOENT) return null;
        throw new SyscallException(errno, $"bpf(BPF_PROG_GET_FD_BY_ID {id})");
    }
}
