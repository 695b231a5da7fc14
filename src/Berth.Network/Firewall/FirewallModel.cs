using System.Net;

namespace Berth.Network.Firewall;

/// <summary>Everything the packet filter must express: Berth's bridges and its published ports.</summary>
public sealed record FirewallModel(string Table, IReadOnlyList<FirewallNetwork> Networks, IReadOnlyList<FirewallPort> Ports);

/// <summary>A bridge network: its subnets, whether it may reach outside, be masqueraded, talk within itself.</summary>
public sealed record FirewallNetwork(string Bridge, IReadOnlyList<IPNetwork> Subnets, bool Internal, bool Masquerade = true, bool InterContainer = true);

/// <summary>A published port: host address (Any / IPv6Any for every address) and port to a container address and port.</summary>
public sealed record FirewallPort(string Protocol, IPAddress HostIp, int HostPort, IPAddress ContainerIp, int ContainerPort, string Bridge);
