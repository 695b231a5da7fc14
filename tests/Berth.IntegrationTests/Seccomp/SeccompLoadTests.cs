using System.Text.Json;
using Berth.Oci.Runtime;
using static Berth.IntegrationTests.Seccomp.SeccompHelperProcess;

namespace Berth.IntegrationTests.Seccomp;

/// <summary>Filters compiled by Berth, loaded for real by a helper process that then runs busybox or probes syscalls.</summary>
[Trait("Category", "Integration")]
public sealed class SeccompLoadTests : IDisposable
{
    private static readonly string DockerCaps = "CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FSETID,CAP_FOWNER,CAP_MKNOD,CAP_NET_RAW,CAP_SETGID,CAP_SETUID,CAP_SETFCAP,CAP_SETPCAP,CAP_NET_BIND_SERVICE,CAP_SYS_CHROOT,CAP_KILL,CAP_AUDIT_WRITE";
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-seccomp-test-").FullName;

    public void Dispose()
    {
        // A filter that failed to block mount(2) would have left a tmpfs here.
        string mnt = Path.Combine(_dir, "mnt");
        if (File.ReadAllText("/proc/self/mountinfo").Contains(" " + mnt + " ")) Run("/bin/umount", ["-l", mnt], TimeSpan.FromSeconds(10));
        Directory.Delete(_dir, recursive: true);
    }

    private string SpecFile(LinuxSeccomp spec)
    {
        string path = Path.Combine(_dir, Guid.NewGuid().ToString("n") + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(spec, RuntimeJsonContext.Default.LinuxSeccomp));
        return path;
    }

    private static LinuxSeccomp Deny(string action, params string[] names) => new()
    {
        DefaultAction = "SCMP_ACT_ALLOW",
        Syscalls = [new LinuxSyscall { Names = names.ToList(), Action = action }],
    };

    private ProcessResult Exec(LinuxSeccomp spec, params string[] command) =>
        RunHelper(["--spec", SpecFile(spec), "--exec", Busybox, .. command]);

    [Fact]
    public void ErrnoRuleBlocksMkdirAndChmodInTheExecutedProgram()
    {
        var spec = Deny("SCMP_ACT_ERRNO", "mkdir", "mkdirat", "chmod", "fchmodat", "fchmodat2");
        string dir = Path.Combine(_dir, "made");
        string file = Path.Combine(_dir, "file");
        File.WriteAllText(file, "x");

        var mkdir = Exec(spec, "mkdir", dir);
        Assert.Equal(1, mkdir.ExitCode);
        Assert.Contains("Operation not permitted", mkdir.Stderr);
        Assert.False(Directory.Exists(dir));

        var chmod = Exec(spec, "chmod", "600", file);
        Assert.NotEqual(0, chmod.ExitCode);
        Assert.Contains("Operation not permitted", chmod.Stderr);

        var echo = Exec(spec, "echo", "still works");
        Assert.Equal(0, echo.ExitCode);
        Assert.Equal("still works\n", echo.Stdout);

        // The same command without the rule succeeds: the filter made the difference.
        var control = Exec(Deny("SCMP_ACT_ERRNO", "rmdir"), "mkdir", dir);
        Assert.Equal(0, control.ExitCode);
        Assert.True(Directory.Exists(dir));
    }

    [Fact]
    public void CustomErrnoAndKillActions()
    {
        var eacces = new LinuxSeccomp
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Syscalls = [new LinuxSyscall { Names = ["mkdir", "mkdirat"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 13 }],
        };
        var r = Exec(eacces, "mkdir", Path.Combine(_dir, "a"));
        Assert.Contains("Permission denied", r.Stderr);

        // SIGSYS (31) ends the program: exit status 128 + 31.
        Assert.Equal(159, Exec(Deny("SCMP_ACT_KILL_PROCESS", "mkdir", "mkdirat"), "mkdir", Path.Combine(_dir, "b")).ExitCode);
        Assert.Equal(159, Exec(Deny("SCMP_ACT_TRAP", "mkdir", "mkdirat"), "mkdir", Path.Combine(_dir, "c")).ExitCode);
        Assert.Equal(159, Exec(Deny("SCMP_ACT_KILL", "mkdir", "mkdirat"), "mkdir", Path.Combine(_dir, "d")).ExitCode);
        Assert.False(Directory.Exists(Path.Combine(_dir, "b")));
    }

    [Fact]
    public void ArgumentConditionsDecideOnTheRealCall()
    {
        // personality(2) is 135 on x86_64: EINVAL for any value above 8, as a 64-bit comparison.
        var spec = new LinuxSeccomp
        {
            DefaultAction = "SCMP_ACT_ALLOW",
            Syscalls = [new LinuxSyscall { Names = ["personality"], Action = "SCMP_ACT_ERRNO", ErrnoRet = 22, Args = [new() { Index = 0, Value = 8, Op = "SCMP_CMP_GT" }] }],
        };
        var r = RunHelper(["--spec", SpecFile(spec), "--probe", "135 0", "--probe", "135 8", "--probe", "135 9", "--probe", "135 0xffffffff", "--probe", "135 0x100000000"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ok ", lines[0]);
        Assert.StartsWith("ok ", lines[1]);
        Assert.Equal(["errno 22", "errno 22", "errno 22"], lines[2..]);
    }

    [Fact]
    public void DockerDefaultProfileBlocksWhatDockerBlocks()
    {
        var ls = RunHelper(["--docker", DockerCaps, "--exec", Busybox, "ls", "/"]);
        Assert.True(ls.ExitCode == 0, ls.Stderr);
        Assert.Contains("proc", ls.Stdout);
        var echo = RunHelper(["--docker", DockerCaps, "--exec", Busybox, "echo", "hi"]);
        Assert.Equal("hi\n", echo.Stdout);

        var unshare = RunHelper(["--docker", DockerCaps, "--exec", Busybox, "unshare", "-m", "true"]);
        Assert.NotEqual(0, unshare.ExitCode);
        Assert.Contains("Operation not permitted", unshare.Stderr);
        string mnt = Directory.CreateDirectory(Path.Combine(_dir, "mnt")).FullName;
        var mount = RunHelper(["--docker", DockerCaps, "--exec", Busybox, "mount", "-t", "tmpfs", "none", mnt]);
        Assert.NotEqual(0, mount.ExitCode);
        Assert.Contains("permission denied", mount.Stderr); // busybox's words for EPERM from mount(2)
        Assert.DoesNotContain(" " + mnt + " ", File.ReadAllText("/proc/self/mountinfo"));

        // Raw calls from inside the filter: keyctl(KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING), personality, clone3, socket.
        var probe = RunHelper(["--docker", DockerCaps,
            "--probe", "250 0 -3", "--probe", "135 0xffffffff", "--probe", "135 0x0400000", "--probe", "435 0 0",
            "--probe", "41 40 1 0", "--probe", "272 0x20000"]);
        Assert.True(probe.ExitCode == 0, probe.Stderr);
        var lines = probe.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["errno 1", lines[1], "errno 1", "errno 38", "errno 1", "errno 1"], lines);
        Assert.StartsWith("ok ", lines[1]);

        // With CAP_SYS_ADMIN in the bounding set the profile lets unshare and mount through.
        var admin = RunHelper(["--docker", DockerCaps + ",CAP_SYS_ADMIN", "--exec", Busybox, "unshare", "-m", "true"]);
        Assert.True(admin.ExitCode == 0, admin.Stderr);
    }

    [Fact]
    public void LoadingNeedsNoNewPrivsOrCapSysAdmin()
    {
        var spec = SpecFile(Deny("SCMP_ACT_ERRNO", "mkdir", "mkdirat"));
        File.SetUnixFileMode(spec, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.OtherRead);
        var refused = RunHelper(["--spec", spec, "--exec", Busybox, "true"], asUser: "65534");
        Assert.Equal(100, refused.ExitCode);
        Assert.Contains("no_new_privs or CAP_SYS_ADMIN", refused.Stderr);
        Assert.Contains("permission denied", refused.Stderr);

        var nnp = RunHelper(["--nnp", "--spec", spec, "--exec", Busybox, "grep", "NoNewPrivs", "/proc/self/status"], asUser: "65534");
        Assert.True(nnp.ExitCode == 0, nnp.Stderr);
        Assert.Contains("NoNewPrivs:\t1", nnp.Stdout);
    }

    [Fact]
    public void TheFilterShowsInProcStatus()
    {
        var r = RunHelper(["--spec", SpecFile(new LinuxSeccomp { DefaultAction = "SCMP_ACT_ALLOW", Flags = ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"] }),
            "--exec", Busybox, "grep", "^Seccomp", "/proc/self/status"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Seccomp:\t2", r.Stdout);
        Assert.Contains("Seccomp_filters:\t1", r.Stdout);
    }
}
