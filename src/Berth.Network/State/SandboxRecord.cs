using Berth.Network.Ports;

namespace Berth.Network.State;

/// <summary>A container's network side: its namespace, its endpoints, published ports, DNS and /etc files settings.</summary>
public sealed record SandboxRecord
{
    public required string ContainerId { get; init; }
    public string ContainerName { get; init; } = "";
    /// <summary>The pinned network namespace; empty for a host-network container.</summary>
    public string NetnsPath { get; init; } = "";
    /// <summary>True when Berth created the namespace and deletes it with the sandbox.</summary>
    public bool OwnsNetns { get; init; }
    public bool HostNetwork { get; init; }
    public string Hostname { get; init; } = "";
    public string? Domainname { get; init; }
    public IReadOnlyList<string> Dns { get; init; } = [];
    public IReadOnlyList<string> DnsSearch { get; init; } = [];
    public IReadOnlyList<string> DnsOptions { get; init; } = [];
    /// <summary>--add-host entries, as <c>name:address</c>.</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];
    /// <summary>Legacy links: <c>container:alias</c>.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];
    /// <summary>Where the /etc files live (rewritten on connect and disconnect), or empty.</summary>
    public string FilesDirectory { get; init; } = "";
    public IReadOnlyList<PortBindingRecord> PortBindings { get; init; } = [];
    /// <summary>The host ports in force (chosen once, kept across a daemon restart).</summary>
    public IReadOnlyList<PortMappingRecord> Ports { get; init; } = [];
    public IReadOnlyList<EndpointRecord> Endpoints { get; init; } = [];
}

public sealed record PortBindingRecord(string Protocol, string? HostIp, int HostPortStart, int HostPortEnd, int ContainerPort);

public sealed record PortMappingRecord(string Protocol, string HostIp, int HostPort, int ContainerPort);
