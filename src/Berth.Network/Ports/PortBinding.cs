using System.Net;

namespace Berth.Network.Ports;

/// <summary>
/// One container port to publish, before host ports are chosen: a fixed host port (start == end), a range to pick
/// one from, or 0 for a random port from the ephemeral range. <see cref="HostIp"/> null means every address.
/// </summary>
public sealed record PortBinding(string Protocol, IPAddress? HostIp, int HostPortStart, int HostPortEnd, int ContainerPort)
{
    public bool IsRandom => HostPortStart == 0;

    /// <summary>The Engine API form: key "80/tcp", HostIp "" or an address, HostPort "", "8080" or "8000-8010".</summary>
    public static PortBinding FromApi(string containerPort, string? hostIp, string? hostPort)
    {
        var (port, protocol) = PortSpec.SplitProtocol(containerPort, containerPort);
        int container = PortSpec.ParsePort(port, containerPort);
        IPAddress? ip = null;
        if (!string.IsNullOrEmpty(hostIp))
        {
            if (!IPAddress.TryParse(hostIp.Trim('[', ']'), out ip)) throw NetworkException.Invalid($"invalid host ip: {hostIp}");
        }
        var (start, end) = string.IsNullOrEmpty(hostPort) ? (0, 0) : PortSpec.ParseRange(hostPort, hostPort);
        return new PortBinding(protocol, ip, start, end, container);
    }

    public override string ToString() =>
        $"{(HostIp is null ? "" : HostIp + ":")}{(IsRandom ? "" : HostPortStart == HostPortEnd ? HostPortStart.ToString() : $"{HostPortStart}-{HostPortEnd}")}:{ContainerPort}/{Protocol}";
}
