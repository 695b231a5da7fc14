using Berth.Network.Ports;

namespace Berth.Network;

/// <summary>A container's network settings that do not depend on which networks it joins (HostConfig and Config).</summary>
public sealed record SandboxOptions
{
    /// <summary>The container's name (without the leading '/'): a DNS name on its user-defined networks.</summary>
    public string ContainerName { get; init; } = "";
    /// <summary><c>--hostname</c>; null gives the short container id.</summary>
    public string? Hostname { get; init; }
    public string? Domainname { get; init; }
    public IReadOnlyList<string> Dns { get; init; } = [];
    public IReadOnlyList<string> DnsSearch { get; init; } = [];
    public IReadOnlyList<string> DnsOptions { get; init; } = [];
    /// <summary><c>--add-host name:ip</c> (host-gateway allowed).</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];
    /// <summary><c>--link container[:alias]</c>.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];
    /// <summary><c>-p</c>/<c>-P</c> already expanded (see <see cref="PortSpec"/> and <see cref="PortBinding.FromApi"/>).</summary>
    public IReadOnlyList<PortBinding> PortBindings { get; init; } = [];
    /// <summary><c>--network host</c>: no namespace of its own; only the <c>host</c> network can be joined.</summary>
    public bool HostNetwork { get; init; }
    /// <summary>Join this existing namespace instead of creating one (it is then not deleted with the sandbox).</summary>
    public string? NetnsPath { get; init; }
    /// <summary>Where hosts, resolv.conf and hostname are written and kept up to date; null to write none.</summary>
    public string? FilesDirectory { get; init; }
}
