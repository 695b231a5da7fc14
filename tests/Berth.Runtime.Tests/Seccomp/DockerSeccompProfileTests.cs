using System.Diagnostics;
using Berth.Oci.Runtime;
using Berth.Runtime.Seccomp;
using Xunit.Abstractions;
using static Berth.Linux.Seccomp.SeccompAbi;

namespace Berth.Runtime.Tests.Seccomp;

public class DockerSeccompProfileTests(ITestOutputHelper output)
{
    /// <summary>moby's default capability set (daemon/pkg/oci/caps/defaults.go).</summary>
    public static readonly string[] DockerDefaultCaps =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID",
        "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    private static readonly Version Kernel = new(6, 18);

    private static uint Errno(int errno) => RetErrno | (uint)errno;

    [Fact]
    public void DefaultProfileBecomesTheOciSectionDockerdWrites()
    {
        var oci = DockerSeccompProfile.Default.ToOci(DockerDefaultCaps, "amd64", Kernel)!;
        Assert.Equal("SCMP_ACT_ERRNO", oci.DefaultAction);
        Assert.Equal(1u, oci.DefaultErrnoRet);
        Assert.Equal(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"], oci.Architectures);
        var names = oci.Syscalls!.SelectMany(s => s.Names).ToHashSet();
        Assert.Contains("read", names);
        Assert.Contains("arch_prctl", names);        // includes arches amd64
        Assert.Contains("chroot", names);            // CAP_SYS_CHROOT is in the default set
        Assert.DoesNotContain("mount", names);       // CAP_SYS_ADMIN is not
        Assert.DoesNotContain("sync_file_range2", names); // ppc64le only
        Assert.DoesNotContain("ptrace", names.Where(_ => false)); // (ptrace is allowed from kernel 4.8 on)
        Assert.Contains("ptrace", names);
        Assert.Single(oci.Syscalls!, s => s.Names.Contains("clone3") && s.Action == "SCMP_ACT_ERRNO" && s.ErrnoRet == 38);
        Assert.Single(oci.Syscalls!, s => s.Names.SequenceEqual(["clone"]) && s.Args is [{ Op: "SCMP_CMP_MASKED_EQ", Value: 2114060288 }]);

        var admin = DockerSeccompProfile.Default.ToOci(DockerDefaultCaps.Append("CAP_SYS_ADMIN"), "amd64", Kernel)!;
        var adminNames = admin.Syscalls!.SelectMany(s => s.Names).ToHashSet();
        Assert.Contains("mount", adminNames);
        Assert.Contains("unshare", adminNames);
        Assert.DoesNotContain(admin.Syscalls!, s => s.Names.Contains("clone3") && s.Action == "SCMP_ACT_ERRNO");
        Assert.DoesNotContain(admin.Syscalls!, s => s.Names.SequenceEqual(["clone"]) && s.Args is not null);

        var oldKernel = DockerSeccompProfile.Default.ToOci(DockerDefaultCaps, "amd64", new Version(4, 4))!;
        Assert.DoesNotContain("ptrace", oldKernel.Syscalls!.SelectMany(s => s.Names));

        var arm = DockerSeccompProfile.Default.ToOci(DockerDefaultCaps, "arm64", Kernel)!;
        Assert.Equal(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"], arm.Architectures);
        Assert.DoesNotContain("arch_prctl", arm.Syscalls!.SelectMany(s => s.Names));
    }

    [Fact]
    public void DefaultProfileCompilesAndBlocksWhatDockerBlocks()
    {
        var oci = DockerSeccompProfile.Default.ToOci(DockerDefaultCaps, "amd64", Kernel)!;
        var program = SeccompCompiler.Compile(oci);
        SeccompBpfInterpreter.Check(program.Instructions);
        uint Run(SeccompData d) => SeccompBpfInterpreter.Run(program.Instructions, d);

        Assert.Equal(RetAllow, Run(SeccompData.X86_64(0)));          // read
        Assert.Equal(RetAllow, Run(SeccompData.X86_64(59)));         // execve
        Assert.Equal(RetAllow, Run(SeccompData.X86_64(231)));        // exit_group
        Assert.Equal(RetAllow, Run(SeccompData.X86_64(158)));        // arch_prctl
        Assert.Equal(Errno(1), Run(SeccompData.X86_64(272)));        // unshare
        Assert.Equal(Errno(1), Run(SeccompData.X86_64(165)));        // mount
        Assert.Equal(Errno(1), Run(SeccompData.X86_64(250)));        // keyctl
        Assert.Equal(Errno(1), Run(SeccompData.X86_64(248)));        // add_key
        Assert.Equal(Errno(1), Run(SeccompData.X86_64(321)));        // bpf
        Assert.Equal(Errno(38), Run(SeccompData.X86_64(435)));       // clone3: ENOSYS so libc falls back to clone
        Assert.Equal(Errno(38), Run(SeccompData.X86_64(470)));       // listns: newer than the profile

        // personality: only the values Docker lists.
        foreach (ulong allowed in new ulong[] { 0, 8, 0x20000, 0x20008, 0xffffffff })
            Assert.Equal(RetAllow, Run(SeccompData.X86_64(135, allowed)));
        foreach (ulong denied in new ulong[] { 1, 0x0400000, 0x1_0000_0000, 0xffffffff_ffffffff })
            Assert.Equal(Errno(1), Run(SeccompData.X86_64(135, denied)));

        // clone: threads and forks yes, new namespaces no.
        Assert.Equal(RetAllow, Run(SeccompData.X86_64(56, 0x3d0f00)));        // pthread_create's flags
        Assert.Equal(RetAllow, Run(SeccompData.X86_64(56, 0x1200011)));       // fork
        Assert.Equal(Errno(1), Run(SeccompData.X86_64(56, 0x20000 | 17)));    // CLONE_NEWNS
        Assert.Equal(Errno(1), Run(SeccompData.X86_64(56, 0x10000000 | 17))); // CLONE_NEWUSER

        // socket: every family but AF_ALG (38) and AF_VSOCK (40).
        Assert.Equal(RetAllow, Run(SeccompData.X86_64(41, 2)));
        Assert.Equal(RetAllow, Run(SeccompData.X86_64(41, 39)));
        Assert.Equal(RetAllow, Run(SeccompData.X86_64(41, 44)));
        Assert.Equal(Errno(1), Run(SeccompData.X86_64(41, 38)));
        Assert.Equal(Errno(1), Run(SeccompData.X86_64(41, 40)));

        // i386 and x32 get their own numbers.
        Assert.Equal(RetAllow, Run(SeccompData.X86(3)));              // read
        Assert.Equal(Errno(1), Run(SeccompData.X86(310)));            // unshare
        Assert.Equal(RetAllow, Run(SeccompData.X86(102)));            // socketcall
        Assert.Equal(RetAllow, Run(SeccompData.X32(0)));              // read
        Assert.Equal(RetAllow, Run(SeccompData.X32(520)));            // execve (x32)
        Assert.Equal(Errno(1), Run(SeccompData.X32(272)));            // unshare
        Assert.Equal(RetKillProcess, Run(new SeccompData(0, 0xc00000b7, new ulong[6])));

        var admin = SeccompCompiler.Compile(DockerSeccompProfile.Default.ToOci(DockerDefaultCaps.Append("CAP_SYS_ADMIN"), "amd64", Kernel)!);
        Assert.Equal(RetAllow, SeccompBpfInterpreter.Run(admin.Instructions, SeccompData.X86_64(272)));
        Assert.Equal(RetAllow, SeccompBpfInterpreter.Run(admin.Instructions, SeccompData.X86_64(56, 0x20000 | 17)));
        Assert.Equal(RetAllow, SeccompBpfInterpreter.Run(admin.Instructions, SeccompData.X86_64(435)));
    }

    [Fact]
    public void DefaultProfileFigures()
    {
        var oci = DockerSeccompProfile.Default.ToOci(DockerDefaultCaps, "amd64", Kernel)!;
        SeccompCompiler.Compile(oci); // warm up
        var watch = Stopwatch.StartNew();
        const int rounds = 200;
        SeccompProgram program = null!;
        for (int i = 0; i < rounds; i++) program = SeccompCompiler.Compile(oci);
        double compileUs = watch.Elapsed.TotalMicroseconds / rounds;
        watch.Restart();
        for (int i = 0; i < rounds; i++) SeccompCompiler.Hash(oci);
        double hashUs = watch.Elapsed.TotalMicroseconds / rounds;

        // Instructions run per call, over every x86_64 syscall number.
        int worst = 0, total = 0;
        for (uint nr = 0; nr < 471; nr++)
        {
            SeccompBpfInterpreter.Run(program.Instructions, SeccompData.X86_64(nr), out int steps);
            worst = Math.Max(worst, steps);
            total += steps;
        }
        output.WriteLine($"docker default profile: {program.Instructions.Count} instructions, compile {compileUs:F0} us, hash {hashUs:F0} us, " +
                         $"x86_64 calls run {total / 471.0:F1} instructions on average, {worst} at most");
        Assert.True(program.Instructions.Count < 1000, $"{program.Instructions.Count} instructions");
        Assert.True(worst < 40, $"worst path {worst}");
    }

    [Fact]
    public void ProfileErrors()
    {
        var both = DockerSeccompProfile.Parse("""{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],"archMap":[{"architecture":"SCMP_ARCH_X86_64"}]}""");
        Assert.Throws<FormatException>(() => both.ToOci(DockerDefaultCaps));
        var nameAndNames = DockerSeccompProfile.Parse("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"name":"read","names":["write"],"action":"SCMP_ACT_ALLOW"}]}""");
        Assert.Throws<FormatException>(() => nameAndNames.ToOci(DockerDefaultCaps));
        var oldName = DockerSeccompProfile.Parse("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"name":"read","action":"SCMP_ACT_ALLOW"}]}""").ToOci(DockerDefaultCaps)!;
        Assert.Equal(["read"], oldName.Syscalls![0].Names);
        Assert.Null(DockerSeccompProfile.Parse("{}").ToOci(DockerDefaultCaps));
    }
}
