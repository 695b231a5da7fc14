namespace Berth.Build.Execution;

/// <summary>
/// One RUN step for the daemon's runtime: the mounted root filesystem of the step (the step's snapshot, with the
/// mount points below already present), the command, and the stage's environment, user, working directory.
/// </summary>
public sealed class RunRequest
{
    /// <summary>A container ID (64 hex); the first 12 are shown as "Running in …" and used as the hostname.</summary>
    public required string Id { get; init; }
    public required string Rootfs { get; init; }
    public required IReadOnlyList<string> Args { get; init; }
    public required IReadOnlyList<string> Env { get; init; }
    public string User { get; init; } = "";
    public string WorkingDir { get; init; } = "/";
    /// <summary>default, host or none (the build's --network, or RUN --network).</summary>
    public string NetworkMode { get; init; } = "default";
    /// <summary>RUN --security=insecure: all capabilities, no seccomp, devices allowed.</summary>
    public bool Privileged { get; init; }
    public IReadOnlyList<RunMountSpec> Mounts { get; init; } = [];
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];
    /// <summary>Paths (inside the root) the runtime mounts over: these exist before the run, in a layer of their own.</summary>
    public static readonly IReadOnlyList<(string Path, bool IsDirectory)> SystemMountPoints =
    [
        ("/proc", true), ("/sys", true), ("/dev", true), ("/etc/hosts", false), ("/etc/resolv.conf", false), ("/etc/hostname", false),
    ];
    /// <summary>Receives the program's output as it comes (stderr flagged).</summary>
    public required Func<ReadOnlyMemory<byte>, bool, ValueTask> Output { get; init; }
    /// <summary>Build resource limits (--memory, --cpu-shares…), as Docker's HostConfig fields; null leaves the default.</summary>
    public long? Memory { get; init; }
    public long? MemorySwap { get; init; }
    public long? CpuShares { get; init; }
    public long? CpuQuota { get; init; }
    public long? CpuPeriod { get; init; }
    public string? CpusetCpus { get; init; }
    public string? CpusetMems { get; init; }
    public long? ShmSize { get; init; }
    public string? CgroupParent { get; init; }
}
