using System.Diagnostics;
using Berth.Linux.Cgroups;

namespace Berth.IntegrationTests.Cgroups;

/// <summary>Version detection on real mount tables: this host's, and a pure-v2 layout made in a private mount namespace.</summary>
[Trait("Category", "Integration")]
public sealed class CgroupDetectionTests
{
    private static string MountinfoAfter(string commands)
    {
        var info = new ProcessStartInfo("/usr/bin/unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-m", "--propagation", "private", "/bin/sh", "-c", commands + " && cat /proc/self/mountinfo" }) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, error);
        return output;
    }

    [Fact]
    public void CgroupTwoMountedOnSysFsCgroupIsDetectedAsV2()
    {
        // The namespace dies with the shell: nothing to undo on the host.
        var table = CgroupMountTable.Parse(MountinfoAfter("mount -t cgroup2 none /sys/fs/cgroup"));
        Assert.Equal(CgroupVersion.V2, table.Version);
        Assert.Equal("/sys/fs/cgroup", table.V2!.MountPoint);
    }

    [Fact]
    public void ThisHostsLayoutIsDetected()
    {
        var table = CgroupMountTable.Parse(File.ReadAllText("/proc/self/mountinfo"));
        bool v1Controllers = Directory.Exists("/sys/fs/cgroup/memory") || Directory.Exists("/sys/fs/cgroup/pids");
        Assert.Equal(v1Controllers ? CgroupVersion.V1 : CgroupVersion.V2, table.Version);
        Assert.Equal(table.Version, CgroupManagers.DetectVersion());
    }
}
