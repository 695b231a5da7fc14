using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Berth.Linux;
using Berth.Linux.Namespaces;
using Berth.Linux.Netlink;

namespace Berth.IntegrationTests.Network;

/// <summary>rtnetlink and network namespaces from C#, checked against what the kernel reports back.</summary>
[Trait("Category", "Integration")]
[Collection("network")]
public sealed class RouteNetlinkTests : IDisposable
{
    private readonly string _prefix = "bt" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "berth-nl-" + Guid.NewGuid().ToString("N"));
    private readonly RouteNetlink _host = RouteNetlink.Open();

    public RouteNetlinkTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        foreach (var l in _host.ListLinks().Where(l => l.Name.StartsWith(_prefix, StringComparison.Ordinal))) _host.TryDeleteLink(l.Index, out _);
        _host.Dispose();
        foreach (var f in Directory.EnumerateFiles(_dir)) NetworkNamespace.Delete(f);
        Directory.Delete(_dir, true);
    }

    [Fact]
    public void LinksAddressesRoutesAndNamespaces()
    {
        int br = _host.CreateBridge(_prefix + "br", mtu: 1400);
        var bridge = _host.GetLink(_prefix + "br");
        Assert.Equal(("bridge", 1400, false), (bridge.Kind, bridge.Mtu, bridge.IsUp));
        _host.SetUp(br);
        _host.SetAlias(br, "berth-test");
        Assert.True(_host.GetLink(_prefix + "br").IsUp);
        Assert.Equal("berth-test", _host.GetLink(_prefix + "br").Alias);

        int veth = _host.CreateVethPair(new VethPairRequest { Name = _prefix + "a", PeerName = _prefix + "b", MasterIndex = br });
        Assert.Equal(br, _host.GetLink(_prefix + "a").MasterIndex);
        _host.SetMtu(veth, 1300);
        _host.Rename(_host.GetLink(_prefix + "b").Index, _prefix + "c");
        Assert.Null(_host.FindLink(_prefix + "b"));
        Assert.Equal(1300, _host.GetLink(_prefix + "a").Mtu);
        byte[] mac = [0x02, 0x42, 0x01, 0x02, 0x03, 0x04];
        _host.SetMacAddress(veth, mac);
        Assert.Equal("02:42:01:02:03:04", _host.GetLink(_prefix + "a").MacText);

        // Move the peer into a fresh namespace by fd, and configure it from there.
        string path = Path.Combine(_dir, "ns");
        using var ns = NetworkNamespace.Create(path);
        Assert.True(NetworkNamespace.Exists(path));
        _host.MoveToNamespace(_host.GetLink(_prefix + "c").Index, ns.Handle);
        Assert.Null(_host.FindLink(_prefix + "c"));
        using var inside = ns.OpenRouteNetlink();
        var peer = inside.GetLink(_prefix + "c");
        inside.Rename(peer.Index, "eth0");
        inside.SetUp(inside.GetLink("eth0").Index);
        inside.AddAddress(peer.Index, IPAddress.Parse("10.254.254.2"), 24);
        inside.AddAddress(peer.Index, IPAddress.Parse("fd00:254::2"), 64);
        var addresses = inside.ListAddresses().Where(a => a.LinkIndex == peer.Index).Select(a => $"{a.Address}/{a.PrefixLength}").ToList();
        Assert.Contains("10.254.254.2/24", addresses);
        Assert.Contains("fd00:254::2/64", addresses);
        inside.AddRoute(new IPNetwork(IPAddress.Any, 0), IPAddress.Parse("10.254.254.1"), peer.Index);
        var route = inside.ListRoutes(AddressFamily.InterNetwork).Single(r => r.Table == 254 && r.Destination.PrefixLength == 0);
        Assert.Equal((IPAddress.Parse("10.254.254.1"), peer.Index), (route.Gateway, route.OutputIndex));
        Assert.True(inside.DeleteRoute(new IPNetwork(IPAddress.Any, 0), null, 0));
        Assert.False(inside.DeleteRoute(new IPNetwork(IPAddress.Any, 0), null, 0));
        Assert.True(inside.DeleteAddress(peer.Index, IPAddress.Parse("10.254.254.2"), 24));
        // The host's view is untouched by all of this.
        Assert.DoesNotContain(_host.ListAddresses(), a => a.Address.Equals(IPAddress.Parse("10.254.254.2")));

        // Errors name the call and the object, with the kernel's own words when it gives them.
        var e = Assert.Throws<SyscallException>(() => _host.CreateBridge(_prefix + "br"));
        Assert.Equal(Errnos.EEXIST, e.Errno);
        Assert.Contains(_prefix + "br", e.Message);

        NetworkNamespace.Delete(path);
        Assert.False(File.Exists(path));
        Assert.False(NetworkNamespace.Exists(path));
    }
}
