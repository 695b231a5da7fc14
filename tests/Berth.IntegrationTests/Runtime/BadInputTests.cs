using Berth.Oci.Runtime;

namespace Berth.IntegrationTests.Runtime;

/// <summary>Invalid bundles: one line naming the field, exit 1, and nothing left behind.</summary>
[Trait("Category", "Integration")]
[Collection("runtime")]
public sealed class BadInputTests : IDisposable
{
    private readonly RuntimeHarness _h = new();

    public void Dispose() => _h.Dispose();

    public static TheoryData<string, string> Cases() => new()
    {
        { "unknown-namespace", "linux.namespaces: unknown namespace type: bogus" },
        { "user-namespace", "user namespaces are not supported yet" },
        { "uid-mappings", "linux.uidMappings" },
        { "mount-without-type", "mounts[7].type" },
        { "relative-mount", "mounts[7].destination" },
        { "bind-missing-source", "mounts[7]" },
        { "missing-rootfs", "root.path" },
        { "empty-args", "process.args: must not be empty" },
        { "unknown-user", "process.user.username: no such user in the container: nosuchuser" },
        { "relative-cwd", "process.cwd" },
        { "unknown-rlimit", "process.rlimits: unknown rlimit type: RLIMIT_BOGUS" },
        { "host-sysctl", "linux.sysctl: vm.swappiness" },
        { "bad-json", "config.json: invalid" },
        { "idmap-option", "mounts[7]: mount option not supported: idmap" },
    };

    private string MakeBundle(string name) => _h.Bundle(["true"], s =>
    {
        switch (name)
        {
            case "unknown-namespace": s.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "bogus" }); break;
            case "user-namespace": s.Linux!.Namespaces!.Add(new LinuxNamespace { Type = "user" }); break;
            case "uid-mappings": s.Linux!.UidMappings = [new IdMapping { ContainerID = 0, HostID = 1000, Size = 1 }]; break;
            case "mount-without-type": s.Mounts!.Add(new RuntimeMount { Destination = "/x", Source = "none" }); break;
            case "relative-mount": s.Mounts!.Add(new RuntimeMount { Destination = "x", Type = "tmpfs", Source = "tmpfs" }); break;
            case "bind-missing-source": s.Mounts!.Add(new RuntimeMount { Destination = "/x", Type = "bind", Source = "/no/such/dir", Options = ["rbind"] }); break;
            case "missing-rootfs": s.Root!.Path = "/no/such/rootfs"; break;
            case "empty-args": s.Process!.Args = []; break;
            case "unknown-user": s.Process!.User = new RuntimeUser { Username = "nosuchuser" }; break;
            case "relative-cwd": s.Process!.Cwd = "tmp"; break;
            case "unknown-rlimit": s.Process!.Rlimits!.Add(new PosixRlimit { Type = "RLIMIT_BOGUS", Soft = 1, Hard = 1 }); break;
            case "host-sysctl": s.Linux!.Sysctl = new() { ["vm.swappiness"] = "10" }; break;
            case "idmap-option": s.Mounts!.Add(new RuntimeMount { Destination = "/x", Type = "bind", Source = "/tmp", Options = ["bind", "idmap"] }); break;
        }
    });

    [Theory]
    [MemberData(nameof(Cases))]
    public void RefusedWithOneLineAndNothingLeft(string name, string expected)
    {
        string bundle = MakeBundle(name);
        if (name == "bad-json") File.WriteAllText(Path.Combine(bundle, "config.json"), "{\"process\": {\"args\": [1, }");
        string id = _h.NewId();
        string mountsBefore = File.ReadAllText("/proc/self/mountinfo");
        var r = _h.Runtime("create", "--bundle", bundle, id);
        Assert.Equal(1, r.Code);
        Assert.Contains(expected, r.Stderr);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
        AssertNothingLeft(id, bundle, mountsBefore);
    }

    [Theory]
    [InlineData("bad/id")]
    [InlineData("bad id")]
    [InlineData("..")]
    public void BadIdsAreRefused(string id)
    {
        var r = _h.Runtime("create", "--bundle", _h.Bundle(["true"]), id);
        Assert.Equal(1, r.Code);
        Assert.Contains("invalid container id", r.Stderr);
    }

    [Fact]
    public void IdInUseIsRefusedAndTheFirstContainerSurvives()
    {
        string id = _h.NewId();
        string bundle = _h.Bundle(["sleep", "100"]);
        Assert.Equal(0, _h.Runtime("create", "--bundle", bundle, id).Code);
        int pid = (int)_h.State(id)["pid"]!;
        var r = _h.Runtime("create", "--bundle", bundle, id);
        Assert.Equal(1, r.Code);
        Assert.Contains($"container with id exists: {id}", r.Stderr);
        Assert.Equal("created", (string)_h.State(id)["status"]!);
        Assert.Equal(pid, (int)_h.State(id)["pid"]!);
    }

    [Fact]
    public void FailureInsideTheInitLeavesNothing()
    {
        // Passes validation, fails in the init (a file where a directory mount point must be).
        string bundle = _h.Bundle(["true"], s => s.Mounts!.Add(new RuntimeMount { Destination = "/bin/busybox/x", Type = "tmpfs", Source = "tmpfs" }), ownRootfs: true);
        string id = _h.NewId();
        string mountsBefore = File.ReadAllText("/proc/self/mountinfo");
        var r = _h.Runtime("create", "--bundle", bundle, id);
        Assert.Equal(1, r.Code);
        Assert.Contains("mounts[7]", r.Stderr);
        AssertNothingLeft(id, bundle, mountsBefore);
    }

    [Fact]
    public void SystemdCgroupIsNotSupported()
    {
        var r = RuntimeHarness.Run(_h.Binary, ["--systemd-cgroup", "--root", _h.Root, "create", "--bundle", _h.Bundle(["true"]), _h.NewId()]);
        Assert.Equal(1, r.Code);
        Assert.Contains("--systemd-cgroup", r.Stderr);
    }

    private void AssertNothingLeft(string id, string bundle, string mountsBefore)
    {
        Assert.False(Directory.Exists(Path.Combine(_h.Root, id)), "state directory left");
        Assert.False(Directory.Exists($"/sys/fs/cgroup/pids/berth-runtime/{id}") || Directory.Exists($"/sys/fs/cgroup/berth-runtime/{id}"), "cgroup left");
        Assert.Equal(mountsBefore, File.ReadAllText("/proc/self/mountinfo"));
        // No process is left inside the harness's directories (an init has its rootfs as root or cwd).
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            foreach (var link in new[] { "root", "cwd" })
            {
                string? target = null;
                try { target = new FileInfo(Path.Combine(dir, link)).LinkTarget; }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
                Assert.False(target is not null && target.StartsWith(_h.Work, StringComparison.Ordinal), $"process {dir} left in {target}");
            }
        }
        _ = bundle;
    }
}
