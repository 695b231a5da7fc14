using Berth.Build.Context;
using Berth.Oci.Images;

namespace Berth.Build.Execution;

/// <summary>A build as the client asked for it (POST /build's parameters), with its unpacked context.</summary>
public sealed class BuildRequest
{
    public required BuildContext Context { get; init; }
    /// <summary>The Dockerfile's path inside the context.</summary>
    public string Dockerfile { get; init; } = "Dockerfile";
    /// <summary>--build-arg values; a null value means "take it from the client's environment", which did not happen: unset.</summary>
    public IReadOnlyDictionary<string, string?> BuildArgs { get; init; } = new Dictionary<string, string?>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<ImageReference> Tags { get; init; } = [];
    public string? Target { get; init; }
    public bool NoCache { get; init; }
    public bool Pull { get; init; }
    public string? Platform { get; init; }
    /// <summary>--network: default (bridge when the daemon has one), host or none.</summary>
    public string NetworkMode { get; init; } = "default";
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];
    /// <summary>Build secrets by id, for RUN --mount=type=secret.</summary>
    public IReadOnlyDictionary<string, byte[]> Secrets { get; init; } = new Dictionary<string, byte[]>();
    /// <summary>Print "Removing intermediate container" lines (rm=true, Docker's default).</summary>
    public bool RemoveIntermediate { get; init; } = true;
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
