using Berth.Oci.Runtime;

namespace Berth.IntegrationTests.Runtime;

/// <summary>berth-runtime run of a busybox bundle, checked from inside the container.</summary>
[Trait("Category", "Integration")]
[Collection("runtime")]
public sealed class ContainerViewTests : IDisposable
{
    private readonly RuntimeHarness _h = new();

    public void Dispose() => _h.Dispose();

    private RuntimeHarness.Result RunIn(string script, Action<RuntimeSpec>? edit = null)
    {
        string bundle = _h.Bundle(["sh", "-c", script], edit);
        return _h.Runtime("run", "--bundle", bundle, _h.NewId());
    }

    [Fact]
    public void ProgramIsPid1WithItsHostname()
    {
        var r = RunIn("echo pid=$$; hostname; cat /proc/sys/kernel/domainname", s => s.Domainname = "example.org");
        Assert.Equal(0, r.Code);
        Assert.Equal("pid=1\nberth-test\nexample.org\n", r.Stdout);
    }

    [Fact]
    public void ExitCodeIsReturned()
    {
        var r = RunIn("exit 42");
        Assert.Equal(42, r.Code);
    }

    [Fact]
    public void MissingProgramFailsBeforeRunning()
    {
        string bundle = _h.Bundle(["/no/such/program"]);
        string id = _h.NewId();
        var r = _h.Runtime("run", "--bundle", bundle, id);
        Assert.Equal(1, r.Code);
        Assert.Contains("/no/such/program", r.Stderr);
        Assert.Empty(_h.Runtime("list", "-q").Stdout);
    }

    [Fact]
    public void DefaultCapabilitiesAreTheOnlyEffectiveOnes()
    {
        // CAP_AUDIT_WRITE (29), CAP_KILL (5), CAP_NET_BIND_SERVICE (10)
        var r = RunIn("grep -E '^Cap(Eff|Prm|Bnd)' /proc/self/status");
        Assert.Equal(0, r.Code);
        Assert.Contains("CapEff:\t0000000020000420", r.Stdout);
        Assert.Contains("CapPrm:\t0000000020000420", r.Stdout);
        Assert.Contains("CapBnd:\t0000000020000420", r.Stdout);
    }

    [Fact]
    public void AddedCapabilityAppears()
    {
        var r = RunIn("grep CapEff /proc/self/status", s =>
        {
            var caps = s.Process!.Capabilities!;
            caps.Bounding!.Add("CAP_NET_ADMIN");
            caps.Effective!.Add("CAP_NET_ADMIN");
            caps.Permitted!.Add("CAP_NET_ADMIN");
        });
        Assert.Contains("CapEff:\t0000000020001420", r.Stdout);
    }

    [Fact]
    public void UserGroupsAndUmaskApply()
    {
        var r = RunIn("grep -E '^(Uid|Gid|Groups|Umask)' /proc/self/status; echo home=$HOME", s =>
        {
            s.Process!.User = new RuntimeUser { Uid = 1000, Gid = 1000, AdditionalGids = [10, 20], Umask = 0x3f };
        });
        Assert.Equal(0, r.Code);
        Assert.Contains("Uid:\t1000\t1000\t1000\t1000", r.Stdout);
        Assert.Contains("Gid:\t1000\t1000\t1000\t1000", r.Stdout);
        Assert.Contains("Groups:\t10 20", r.Stdout);
        Assert.Contains("Umask:\t0077", r.Stdout);
        Assert.Contains("home=/home/user", r.Stdout);
    }

    [Fact]
    public void NonRootUserHasNoCapabilities()
    {
        var r = RunIn("grep CapEff /proc/self/status", s => s.Process!.User = new RuntimeUser { Uid = 1000, Gid = 1000 });
        Assert.Contains("CapEff:\t0000000000000000", r.Stdout);
    }

    [Fact]
    public void RlimitsApply()
    {
        var r = RunIn("grep -E 'Max (open files|processes)' /proc/self/limits", s => s.Process!.Rlimits =
        [
            new PosixRlimit { Type = "RLIMIT_NOFILE", Soft = 100, Hard = 200 },
            new PosixRlimit { Type = "RLIMIT_NPROC", Soft = 50, Hard = 60 },
        ]);
        Assert.Matches(@"Max open files\s+100\s+200", r.Stdout);
        Assert.Matches(@"Max processes\s+50\s+60", r.Stdout);
    }

    [Fact]
    public void RlimitAboveTheHardLimitIsAClearError()
    {
        var r = RunIn("true", s => s.Process!.Rlimits = [new PosixRlimit { Type = "RLIMIT_NOFILE", Soft = 1 << 30, Hard = 1 << 30 }]);
        Assert.Equal(1, r.Code);
        Assert.Contains("process.rlimits: RLIMIT_NOFILE", r.Stderr);
    }

    [Fact]
    public void NoNewPrivilegesIsSet()
    {
        Assert.Contains("NoNewPrivs:\t1", RunIn("grep NoNewPrivs /proc/self/status").Stdout);
        Assert.Contains("NoNewPrivs:\t0", RunIn("grep NoNewPrivs /proc/self/status", s => s.Process!.NoNewPrivileges = false).Stdout);
    }

    [Fact]
    public void MaskedPathsAreEmpty()
    {
        var r = RunIn("wc -c < /proc/keys; ls -A /sys/firmware | wc -l; cat /proc/timer_list | wc -c");
        Assert.Equal(0, r.Code);
        Assert.Equal("0\n0\n0\n", r.Stdout);
    }

    [Fact]
    public void ReadonlyPathsRefuseWrites()
    {
        var r = RunIn("echo 1 > /proc/sys/kernel/ns_last_pid && echo WROTE; echo x > /proc/sysrq-trigger && echo WROTE2; grep ' /proc/sys ' /proc/self/mountinfo");
        Assert.DoesNotContain("WROTE", r.Stdout);
        Assert.Matches(@" /proc/sys ro,", r.Stdout);
    }

    [Fact]
    public void ReadonlyRootfsRefusesWritesButTmpfsMountsWork()
    {
        var r = RunIn("touch /x 2>&1; touch /dev/shm/ok && echo shm-ok", s => s.Root!.Readonly = true);
        Assert.Contains("Read-only file system", r.Stdout);
        Assert.Contains("shm-ok", r.Stdout);
        var w = RunIn("touch /tmp/y && echo writable");
        Assert.Contains("writable", w.Stdout);
    }

    [Fact]
    public void EnvironmentAndCwdApply()
    {
        var r = RunIn("echo $FOO; pwd", s =>
        {
            s.Process!.Env!.Add("FOO=bar");
            s.Process.Cwd = "/some/new/dir";
        });
        Assert.Equal("bar\n/some/new/dir\n", r.Stdout);
    }

    [Fact]
    public void DefaultDevicesExistAndWork()
    {
        var r = RunIn("ls -l /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty | cut -c1-10; head -c 4 /dev/zero | wc -c; readlink /dev/fd; readlink /dev/ptmx");
        Assert.Equal(0, r.Code);
        Assert.Equal(6, r.Stdout.Split('\n').Count(l => l.StartsWith("crw-rw-rw-")));
        Assert.Contains("4\n/proc/self/fd\npts/ptmx", r.Stdout);
    }

    [Fact]
    public void SysctlIsSetInTheContainerOnly()
    {
        var r = RunIn("cat /proc/sys/kernel/shmmni /proc/sys/net/ipv4/ip_forward", s =>
        {
            s.Linux!.Sysctl = new() { ["kernel.shmmni"] = "1234", ["net.ipv4.ip_forward"] = "1" };
            s.Linux.ReadonlyPaths!.Remove("/proc/sys");
        });
        Assert.Equal("1234\n1\n", r.Stdout);
        Assert.NotEqual("1234", File.ReadAllText("/proc/sys/kernel/shmmni").Trim());
    }

    [Fact]
    public void CgroupMountShowsTheContainerCgroup()
    {
        var r = RunIn("ls /sys/fs/cgroup; cat /sys/fs/cgroup/pids/cgroup.procs 2>/dev/null || cat /sys/fs/cgroup/cgroup.procs");
        Assert.Equal(0, r.Code);
        Assert.Contains("1\n", r.Stdout);
    }

    [Fact]
    public void HostNamespacesAreNotShared()
    {
        string hostNet = new FileInfo("/proc/self/ns/net").LinkTarget!;
        string hostMnt = new FileInfo("/proc/self/ns/mnt").LinkTarget!;
        var r = RunIn("readlink /proc/self/ns/net /proc/self/ns/mnt");
        Assert.DoesNotContain(hostNet, r.Stdout);
        Assert.DoesNotContain(hostMnt, r.Stdout);
        var shared = RunIn("readlink /proc/self/ns/net", s => s.Linux!.Namespaces!.RemoveAll(n => n.Type == "network"));
        Assert.Contains(hostNet, shared.Stdout);
    }

    [Fact]
    public void JoinsANamespaceByPath()
    {
        using var sleeper = System.Diagnostics.Process.Start("unshare", ["--uts", "sleep", "30"]);
        try
        {
            Thread.Sleep(300);
            string path = $"/proc/{sleeper.Id}/ns/uts";
            string target = new FileInfo(path).LinkTarget!;
            var r = RunIn("readlink /proc/self/ns/uts", s =>
            {
                s.Hostname = null;
                s.Linux!.Namespaces!.Find(n => n.Type == "uts")!.Path = path;
            });
            Assert.Equal(target + "\n", r.Stdout);
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }
}
