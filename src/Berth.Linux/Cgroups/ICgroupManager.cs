using Berth.Oci.Runtime;

namespace Berth.Linux.Cgroups;

/// <summary>
/// One cgroup (a container's, a shim's...) across whatever hierarchy the host has: cgroup v1 (one directory per
/// controller under /sys/fs/cgroup/&lt;controller&gt;) or v2 (one unified directory). Implementations:
/// <c>CgroupV1Manager</c>, <c>CgroupV2Manager</c>; <see cref="CgroupManagers"/> picks one for the host.
/// Every implementation passes the same abstract test suite.
/// </summary>
public interface ICgroupManager
{
    /// <summary>The cgroup path relative to the hierarchy root(s), e.g. "/berth/abc123".</summary>
    string Path { get; }

    CgroupVersion Version { get; }

    /// <summary>Creates the cgroup directories (idempotent), enabling the needed controllers on v2.</summary>
    void Create();

    bool Exists();

    /// <summary>Writes the limits given; null fields are left as they are (so this also serves "update").</summary>
    void Apply(LinuxResources resources);

    /// <summary>Moves a process (all its threads) into the cgroup.</summary>
    void AddProcess(int pid);

    /// <summary>Pids in the cgroup, and in its descendants when <paramref name="recursive"/>.</summary>
    IReadOnlyList<int> GetPids(bool recursive = true);

    void Freeze();
    void Thaw();
    bool IsFrozen();

    /// <summary>Sends <paramref name="signal"/> to every process in the cgroup (cgroup.kill on v2 for SIGKILL).</summary>
    void SignalAll(int signal);

    CgroupStats GetStats();

    /// <summary>Removes the cgroup (and empty children); retries while the kernel still reports it busy.</summary>
    void Destroy();
}

public enum CgroupVersion { V1 = 1, V2 = 2 }
