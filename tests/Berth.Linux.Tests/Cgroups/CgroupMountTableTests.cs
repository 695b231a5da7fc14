using Berth.Linux.Cgroups;

namespace Berth.Linux.Tests.Cgroups;

public class CgroupMountTableTests
{
    // This development host: v1 controllers one per directory, a v2 "unified" mount beside them.
    private const string Hybrid = """
        22 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
        30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
        32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
        33 30 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
        34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        35 30 0:32 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
        36 30 0:33 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
        37 30 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
        38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
        40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        """;

    // systemd's layout on most current hosts.
    private const string PureV2 = """
        25 21 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
        """;

    // Inside a container without a cgroup namespace: the host's cgroup of the container is bind-mounted as the root.
    private const string ContainerV1 = """
        700 690 0:31 /docker/abc /sys/fs/cgroup/memory ro,nosuid,nodev,noexec,relatime master:14 - cgroup cgroup rw,memory
        701 690 0:28 /docker/abc /sys/fs/cgroup/cpu,cpuacct ro,nosuid,nodev,noexec,relatime master:15 - cgroup cgroup rw,cpu,cpuacct
        702 690 0:35 /docker/abc /sys/fs/cgroup/pids ro,relatime - cgroup cgroup rw,pids,release_agent=/x,clone_children
        703 690 0:40 / /mnt/with\040space rw - cgroup2 none rw
        """;

    [Fact]
    public void HybridHostIsV1WithAUnifiedMount()
    {
        var table = CgroupMountTable.Parse(Hybrid);
        Assert.Equal(CgroupVersion.V1, table.Version);
        Assert.Equal("/sys/fs/cgroup/unified", table.V2!.MountPoint);
        var v1 = table.V1Controllers;
        Assert.Equal("/sys/fs/cgroup/memory", v1["memory"].MountPoint);
        Assert.Equal("/sys/fs/cgroup/systemd", v1["name=systemd"].MountPoint);
        Assert.Equal(["cpu"], v1["cpu"].Controllers);
        Assert.Equal("/sys/fs/cgroup/memory/berth/abc", v1["memory"].DirectoryOf("/berth/abc"));
    }

    [Fact]
    public void PureV2HostIsV2()
    {
        var table = CgroupMountTable.Parse(PureV2);
        Assert.Equal(CgroupVersion.V2, table.Version);
        Assert.Equal("/sys/fs/cgroup", table.V2!.MountPoint);
        Assert.Empty(table.V1Controllers);
        Assert.Equal("/sys/fs/cgroup", table.V2.DirectoryOf("/"));
        Assert.Equal("/sys/fs/cgroup/berth/x", table.V2.DirectoryOf("/berth/x"));
    }

    [Fact]
    public void MountRootsAndEscapesAreHonoured()
    {
        var table = CgroupMountTable.Parse(ContainerV1);
        var v1 = table.V1Controllers;
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", v1["cpuacct"].MountPoint);
        Assert.Same(v1["cpu"], v1["cpuacct"]);
        Assert.Equal(["pids"], v1["pids"].Controllers);
        Assert.Equal("/sys/fs/cgroup/memory/child", v1["memory"].DirectoryOf("/docker/abc/child"));
        Assert.Equal("/sys/fs/cgroup/memory", v1["memory"].DirectoryOf("/docker/abc"));
        Assert.Throws<IOException>(() => v1["memory"].DirectoryOf("/elsewhere"));
        Assert.Equal("/mnt/with space", table.V2!.MountPoint);
        Assert.Equal(CgroupVersion.V1, table.Version);
    }

    [Fact]
    public void NoCgroupMountIsAnError()
    {
        Assert.Throws<IOException>(() => CgroupMountTable.Parse("22 1 0:21 / /sys rw - sysfs sysfs rw\n").Version);
        Assert.Equal(CgroupVersion.V2, CgroupMountTable.Parse("40 30 0:37 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n").Version);
    }

    [Fact]
    public void ThisHostParses()
    {
        var table = CgroupMountTable.Current;
        Assert.NotEmpty(table.Hierarchies);
        Assert.Equal(table.Version, CgroupManagers.DetectVersion());
    }
}
