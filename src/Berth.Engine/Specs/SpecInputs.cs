using Berth.Engine.Containers;
using Berth.Oci.Runtime;

namespace Berth.Engine.Specs;

/// <summary>Everything the OCI config of a container is computed from, resolved by the caller beforehand.</summary>
public sealed class SpecInputs
{
    public required ContainerRecord Container { get; init; }
    public required string RootfsPath { get; init; }
    public required uint Uid { get; init; }
    public required uint Gid { get; init; }
    public List<uint> AdditionalGids { get; init; } = new();
    /// <summary>Volume, bind and tmpfs mounts, already resolved to host sources and validated.</summary>
    public List<RuntimeMount> UserMounts { get; init; } = new();
    /// <summary>A network namespace to join (bridge networks); null with <see cref="NewNetworkNamespace"/> false means the host's.</summary>
    public string? NetworkNamespacePath { get; init; }
    public bool NewNetworkNamespace { get; init; } = true;
    /// <summary>Namespaces of another container to join ("container:&lt;id&gt;" modes), by type → path.</summary>
    public Dictionary<string, string> JoinNamespaces { get; init; } = new();
    public LinuxSeccomp? Seccomp { get; init; }
    public required string CgroupsPath { get; init; }
    public string? HostsPath { get; init; }
    public string? ResolvConfPath { get; init; }
    public string? HostnamePath { get; init; }
    public bool CgroupV2 { get; init; }
    /// <summary>Prefix of process args for --init (the init program and its "--").</summary>
    public List<string>? InitArgs { get; init; }
    public List<RuntimeMount> InitMounts { get; init; } = new();
}
