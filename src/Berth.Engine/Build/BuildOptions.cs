using Berth.Registry.Auth;

namespace Berth.Engine.Build;

/// <summary>POST /build's parameters (swagger ImageBuild), as the API layer read them.</summary>
public sealed class BuildOptions
{
    public string Dockerfile { get; init; } = "Dockerfile";
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];
    public string? Remote { get; init; }
    public bool Quiet { get; init; }
    public bool NoCache { get; init; }
    public bool Pull { get; init; }
    /// <summary>rm (default true): report intermediate containers as removed.</summary>
    public bool Remove { get; init; } = true;
    public bool ForceRemove { get; init; }
    public long? Memory { get; init; }
    public long? MemorySwap { get; init; }
    public long? CpuShares { get; init; }
    public string? CpusetCpus { get; init; }
    public string? CpusetMems { get; init; }
    public long? CpuPeriod { get; init; }
    public long? CpuQuota { get; init; }
    public long? ShmSize { get; init; }
    public string? CgroupParent { get; init; }
    public IReadOnlyDictionary<string, string?> BuildArgs { get; init; } = new Dictionary<string, string?>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string? NetworkMode { get; init; }
    public string? Platform { get; init; }
    public string? Target { get; init; }
    public bool Squash { get; init; }
    /// <summary>"1" (classic) or "2" (BuildKit, which needs the session API).</summary>
    public string? Version { get; init; }
    /// <summary>Registry credentials by registry host (X-Registry-Config).</summary>
    public IReadOnlyDictionary<string, AuthConfig> Auth { get; init; } = new Dictionary<string, AuthConfig>();
    /// <summary>Build secrets by id (RUN --mount=type=secret), from the X-Berth-Build-Secrets header.</summary>
    public IReadOnlyDictionary<string, byte[]> Secrets { get; init; } = new Dictionary<string, byte[]>();
}
