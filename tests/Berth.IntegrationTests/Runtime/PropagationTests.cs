using Berth.Oci.Runtime;

namespace Berth.IntegrationTests.Runtime;

/// <summary>Bind mounts and their propagation between the host and the container.</summary>
[Trait("Category", "Integration")]
[Collection("runtime")]
public sealed class PropagationTests : IDisposable
{
    private readonly RuntimeHarness _h = new();
    private readonly List<string> _hostMounts = new();

    public void Dispose()
    {
        for (int i = _hostMounts.Count - 1; i >= 0; i--) RuntimeHarness.Run("umount", ["-l", _hostMounts[i]]);
        _h.Dispose();
    }

    private string SharedHostDir()
    {
        // "/" is private here: make a shared mount of our own to propagate from.
        string dir = Path.Combine(_h.Work, "shared");
        Directory.CreateDirectory(dir);
        Assert.Equal(0, RuntimeHarness.Run("mount", ["--bind", dir, dir]).Code);
        _hostMounts.Add(dir);
        Assert.Equal(0, RuntimeHarness.Run("mount", ["--make-shared", dir]).Code);
        return dir;
    }

    [Theory]
    [InlineData("rslave", true)]
    [InlineData("rprivate", false)]
    public void HostMountsReachTheContainerOnlyThroughSlaveBinds(string propagation, bool visible)
    {
        string host = SharedHostDir();
        Directory.CreateDirectory(Path.Combine(host, "sub"));
        string id = _h.NewId();
        string bundle = _h.Bundle(["sleep", "1000"], s =>
        {
            s.Mounts!.Add(new RuntimeMount { Destination = "/mnt/data", Type = "bind", Source = host, Options = ["rbind", propagation, "ro"] });
            // CAP_SYS_ADMIN, so that the exec below can mount inside the container.
            foreach (var set in new[] { s.Process!.Capabilities!.Bounding!, s.Process.Capabilities.Effective!, s.Process.Capabilities.Permitted! }) set.Add("CAP_SYS_ADMIN");
        });
        Assert.Equal(0, _h.Runtime("create", "--bundle", bundle, id).Code);
        _h.Runtime("start", id);
        string sub = Path.Combine(host, "sub");
        Assert.Equal(0, RuntimeHarness.Run("mount", ["-t", "tmpfs", "hostside", sub]).Code);
        _hostMounts.Add(sub);
        var r = _h.Runtime("exec", id, "sh", "-c", "grep -c hostside /proc/self/mounts; touch /mnt/data/f 2>&1; mount -t tmpfs inside /tmp && echo mounted");
        Assert.StartsWith(visible ? "1" : "0", r.Stdout);
        Assert.Contains("Read-only file system", r.Stdout);
        Assert.Contains("mounted", r.Stdout);
        Assert.DoesNotContain(" inside ", File.ReadAllText("/proc/self/mounts"));
    }

    [Fact]
    public void SymlinkInTheImageCannotRedirectAMountOutside()
    {
        string escape = Path.Combine(_h.Work, "outside");
        Directory.CreateDirectory(escape);
        string id = _h.NewId();
        string bundle = _h.Bundle(["sh", "-c", "grep -c ' /evil ' /proc/self/mountinfo; ls /evil"], s =>
            s.Mounts!.Add(new RuntimeMount { Destination = "/evil", Type = "tmpfs", Source = "tmpfs" }), ownRootfs: true);
        // An absolute symlink to a host directory: resolved inside the rootfs, it lands on <rootfs>/<path>.
        File.CreateSymbolicLink(Path.Combine(bundle, "rootfs", "evil"), escape);
        var r = _h.Runtime("run", "--bundle", bundle, id);
        Assert.True(r.Code == 0, r.Stderr);
        Assert.DoesNotContain(escape, File.ReadAllText("/proc/self/mountinfo"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(escape));
    }
}
