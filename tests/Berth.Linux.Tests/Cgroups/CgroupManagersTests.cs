using Berth.Linux.Cgroups;

namespace Berth.Linux.Tests.Cgroups;

public class CgroupManagersTests
{
    [Theory]
    [InlineData("/berth/abc", "/berth/abc")]
    [InlineData("//berth//abc/", "/berth/abc")]
    [InlineData("/", "/")]
    public void PathsAreNormalized(string input, string expected) => Assert.Equal(expected, CgroupManagers.Normalize(input));

    [Theory]
    [InlineData("/berth/../etc")]
    [InlineData("/berth/./x")]
    public void DotsAreRefused(string path) => Assert.Throws<ArgumentException>(() => CgroupManagers.Normalize(path));

    [Fact]
    public void OwnCgroupIsReadPerController()
    {
        const string procCgroup = "9:name=systemd:/\n8:pids:/user.slice\n4:memory:/process_api/d62\n2:cpu,cpuacct:/c\n0::/unified/me\n";
        Assert.Equal("/user.slice", CgroupManagers.OwnCgroup(procCgroup, "pids"));
        Assert.Equal("/process_api/d62", CgroupManagers.OwnCgroup(procCgroup, "memory"));
        Assert.Equal("/c", CgroupManagers.OwnCgroup(procCgroup, "cpuacct"));
        Assert.Equal("/unified/me", CgroupManagers.OwnCgroup(procCgroup, null));
        Assert.Null(CgroupManagers.OwnCgroup(procCgroup, "hugetlb"));
    }

    [Fact]
    public void RelativePathsAreResolvedBelowOurOwnCgroup()
    {
        Assert.Equal("/berth/x", CgroupManagers.ResolvePath("/berth/x"));
        string own = CgroupManagers.DetectVersion() == CgroupVersion.V2
            ? CgroupManagers.OwnCgroup(null)!
            : CgroupManagers.OwnCgroup("pids") ?? CgroupManagers.OwnCgroup("memory") ?? "/";
        Assert.Equal(CgroupManagers.Normalize(own + "/ctr/x"), CgroupManagers.ResolvePath("ctr/x"));
        Assert.Throws<NotSupportedException>(() => CgroupManagers.ResolvePath("system.slice:docker:abc"));
        Assert.Throws<ArgumentException>(() => CgroupManagers.ResolvePath(""));
    }

    [Fact]
    public void OpenPicksTheManagerOfThisHost()
    {
        var manager = CgroupManagers.Open("/berth-unit-test-never-created");
        Assert.Equal(CgroupManagers.DetectVersion(), manager.Version);
        Assert.Equal("/berth-unit-test-never-created", manager.Path);
        Assert.False(manager.Exists());
    }
}
