using System.Net;

namespace Berth.Network.Ports;

/// <summary>A published port in force: traffic to <see cref="HostIp"/>:<see cref="HostPort"/> goes to the container port.</summary>
public sealed record PortMapping(string Protocol, IPAddress HostIp, int HostPort, int ContainerPort)
{
    public override string ToString() => $"{(HostIp.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{HostIp}]" : HostIp.ToString())}:{HostPort}->{ContainerPort}/{Protocol}";
}
