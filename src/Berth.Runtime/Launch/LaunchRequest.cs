using Berth.Linux;
using Berth.Linux.Namespaces;
using Berth.Linux.Processes;

namespace Berth.Runtime.Launch;

/// <summary>How to start an init: which namespaces its spawning thread joins or creates, and its descriptors.</summary>
internal sealed class LaunchRequest
{
    public required string Executable { get; init; }
    public required int SocketFdInChild { get; init; }
    public required List<FdMapping> Fds { get; init; }
    public int KeepFdsUpTo { get; init; }
    /// <summary>Namespaces entered with setns, in order (opened descriptors, owned by the caller).</summary>
    public List<(NamespaceType Type, SafeFd Fd, string Display)> Join { get; init; } = new();
    /// <summary>CLONE_NEW* flags for the namespaces created with unshare.</summary>
    public int UnshareFlags { get; init; }
}
