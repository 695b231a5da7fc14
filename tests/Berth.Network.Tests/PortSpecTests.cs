using System.Net;
using System.Net.Sockets;
using Berth.Network;
using Berth.Network.Ports;

namespace Berth.Network.Tests;

public class PortSpecTests
{
    [Theory]
    [InlineData("80", "tcp", null, 0, 0, 80)]
    [InlineData("8080:80", "tcp", null, 8080, 8080, 80)]
    [InlineData("127.0.0.1:8080:80/udp", "udp", "127.0.0.1", 8080, 8080, 80)]
    [InlineData("127.0.0.1::80", "tcp", "127.0.0.1", 0, 0, 80)]
    [InlineData("[::1]:8080:80", "tcp", "::1", 8080, 8080, 80)]
    [InlineData("8000-8010:80", "tcp", null, 8000, 8010, 80)]
    [InlineData("53:53/UDP", "udp", null, 53, 53, 53)]
    public void ParsesOne(string spec, string protocol, string? hostIp, int start, int end, int container)
    {
        var b = Assert.Single(PortSpec.Parse(spec));
        Assert.Equal(protocol, b.Protocol);
        Assert.Equal(hostIp, b.HostIp?.ToString());
        Assert.Equal(start, b.HostPortStart);
        Assert.Equal(end, b.HostPortEnd);
        Assert.Equal(container, b.ContainerPort);
    }

    [Fact]
    public void ParsesRanges()
    {
        var list = PortSpec.Parse("8000-8002:80-82");
        Assert.Equal([(8000, 80), (8001, 81), (8002, 82)], list.Select(b => (b.HostPortStart, b.ContainerPort)));
        var random = PortSpec.Parse("80-81/udp");
        Assert.All(random, b => Assert.True(b.IsRandom));
        Assert.Equal([80, 81], random.Select(b => b.ContainerPort));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("0:80")]
    [InlineData("70000:80")]
    [InlineData("80/icmp")]
    [InlineData("8000-8001:80-82")]
    [InlineData("90-80:80")]
    [InlineData("1.2.3:80:80")]
    [InlineData("1:2:3:4")]
    [InlineData("[::1:80:80")]
    public void RefusesBadSpecs(string spec)
    {
        var e = Assert.Throws<NetworkException>(() => PortSpec.Parse(spec));
        Assert.Equal(NetworkErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void PublishAllGivesRandomPortsForExposedOnes()
    {
        var list = PortSpec.PublishAll(["80/tcp", "53/udp", "9000-9001"]);
        Assert.Equal([("tcp", 80), ("udp", 53), ("tcp", 9000), ("tcp", 9001)], list.Select(b => (b.Protocol, b.ContainerPort)));
        Assert.All(list, b => Assert.True(b.IsRandom && b.HostIp is null));
    }

    [Fact]
    public void FromApi()
    {
        var b = PortBinding.FromApi("80/udp", "", "8080");
        Assert.Equal(("udp", (IPAddress?)null, 8080, 80), (b.Protocol, b.HostIp, b.HostPortStart, b.ContainerPort));
        Assert.True(PortBinding.FromApi("443", "127.0.0.1", null).IsRandom);
        Assert.Equal("tcp", PortBinding.FromApi("443", null, "").Protocol);
    }

    [Fact]
    public void ReservationRefusesAPortInUseAndPicksRandomOnes()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        int busy = ((IPEndPoint)listener.LocalEndPoint!).Port;

        var e = Assert.Throws<NetworkException>(() =>
            PortReservation.Reserve(new PortBinding("tcp", IPAddress.Loopback, busy, busy, 80), IPAddress.Any));
        Assert.Equal(NetworkErrorKind.Conflict, e.Kind);
        Assert.Equal($"bind for 127.0.0.1:{busy}/tcp failed: port is already allocated", e.Message);

        using var random = PortReservation.Reserve(new PortBinding("tcp", IPAddress.Loopback, 0, 0, 80), IPAddress.Any);
        Assert.InRange(random.Mapping.HostPort, 1024, 65535);
        // The placeholder holds the port: nobody else can bind it.
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.Throws<SocketException>(() => other.Bind(new IPEndPoint(IPAddress.Loopback, random.Mapping.HostPort)));

        // A range skips the busy port.
        using var ranged = PortReservation.Reserve(new PortBinding("tcp", IPAddress.Loopback, busy, busy + 1 > 65535 ? busy : busy + 1, 80), IPAddress.Any);
        if (busy < 65535) Assert.Equal(busy + 1, ranged.Mapping.HostPort);
    }
}
