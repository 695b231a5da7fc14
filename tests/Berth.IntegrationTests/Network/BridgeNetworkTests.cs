using System.Net;
using System.Net.Sockets;
using Berth.Linux.Namespaces;
using Berth.Network;
using Berth.Network.Ipam;
using Berth.Network.Ports;
using Berth.Network.State;

namespace Berth.IntegrationTests.Network;

[CollectionDefinition("network", DisableParallelization = true)]
public sealed class NetworkCollection;

/// <summary>
/// Bridge networks end to end, as root: namespaces stand in for containers (the runtime will join the same
/// pinned namespace), busybox httpd and wget run inside them, traffic stays on loopback and in these namespaces.
/// </summary>
[Trait("Category", "Integration")]
[Collection("network")]
public sealed class BridgeNetworkTests : IDisposable
{
    private readonly NetworkTestEnvironment _env = new();

    public void Dispose() => _env.Dispose();

    private SandboxRecord Sandbox(NetworkManager m, string name, SandboxOptions? options = null)
    {
        string id = name + new string('0', 12) + Guid.NewGuid().ToString("N");
        return m.CreateSandbox(id, (options ?? new SandboxOptions()) with { ContainerName = name, FilesDirectory = _env.FilesDir(name) });
    }

    [Fact]
    public void ContainersOnAUserNetworkReachEachOtherByIpAndName()
    {
        var m = _env.Start();
        var net = m.CreateNetwork(new NetworkCreateOptions { Name = "app", Ipam = [new IpamConfig(_env.Subnet(1))] });
        Assert.True(NetworkTestEnvironment.LinkExists(net.Bridge!));
        var web = Sandbox(m, "web");
        var client = Sandbox(m, "client");
        var webEp = m.Connect(web.ContainerId, "app", new EndpointOptions { Aliases = ["www"] });
        var clientEp = m.Connect(client.ContainerId, "app");
        Assert.Equal("eth0", webEp.Interface);
        Assert.Equal(_env.Address(1, 2), webEp.IPv4Address);
        Assert.Equal(_env.Address(1, 3), clientEp.IPv4Address);
        Assert.Equal(_env.Address(1, 1), webEp.IPv4Gateway);

        _env.StartHttpServer(web.NetnsPath, "hello from web");
        string files = _env.FilesDir("client");
        Assert.Equal("hello from web", _env.Get(client.NetnsPath, files, $"http://{webEp.IPv4Address}/"));
        Assert.Equal("hello from web", _env.Get(client.NetnsPath, files, "http://web/"));
        Assert.Equal("hello from web", _env.Get(client.NetnsPath, files, "http://www/"));
        Assert.Equal("hello from web", _env.Get(client.NetnsPath, files, "http://web.app/"));
        Assert.Equal("hello from web", _env.Get(client.NetnsPath, files, $"http://{web.ContainerId[..12]}/"));

        // The container's files: resolv.conf points at the embedded DNS, hosts has its own address.
        Assert.Contains("nameserver 127.0.0.11", File.ReadAllText(Path.Combine(files, "resolv.conf")));
        Assert.Contains($"{clientEp.IPv4Address}\t{client.ContainerId[..12]}", File.ReadAllText(Path.Combine(files, "hosts")));

        // Unknown names go to the host's resolvers (here the fake one on 127.0.0.1).
        var (code, output, _) = _env.Run(client.NetnsPath, files, "busybox", "nslookup", "outside.test");
        Assert.True(code == 0, output);
        Assert.Contains("10.99.99.99", output);
        Assert.True(_env.Upstream.Queries > 0);
        var (code2, output2, _) = _env.Run(client.NetnsPath, files, "busybox", "nslookup", "-type=a", "web");
        Assert.True(code2 == 0, output2);
        Assert.Contains(webEp.IPv4Address!, output2);
        // DNS over TCP to 127.0.0.11:53 from inside the container.
        using (var ns = NetworkNamespace.Open(client.NetnsPath))
        {
            using var tcp = ns.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
            tcp.ReceiveTimeout = 5000;
            tcp.Connect(new IPEndPoint(IPAddress.Parse("127.0.0.11"), 53));
            var query = new Berth.Network.Dns.DnsMessage { Id = 77, RecursionDesired = true };
            query.Questions.Add(new Berth.Network.Dns.DnsQuestion("www", Berth.Network.Dns.DnsType.A));
            byte[] q = query.Encode();
            tcp.Send([(byte)(q.Length >> 8), (byte)q.Length, .. q]);
            byte[] head = new byte[2];
            Assert.Equal(2, tcp.Receive(head));
            byte[] body = new byte[head[0] << 8 | head[1]];
            int got = 0;
            while (got < body.Length) got += tcp.Receive(body, got, body.Length - got, SocketFlags.None);
            var answer = Berth.Network.Dns.DnsMessage.Parse(body);
            Assert.Equal(77, answer.Id);
            Assert.Equal(webEp.IPv4Address, Assert.Single(answer.Answers).IPAddress!.ToString());
        }
        // Port 53 in the container stays free for the container's own programs.
        var (code3, _, err3) = _env.Run(client.NetnsPath, null, "busybox", "timeout", "1", "busybox", "nc", "-l", "-p", "53");
        Assert.DoesNotContain("in use", err3);
        Assert.NotEqual(1, code3);
    }

    [Fact]
    public void PublishedPortAnswersOnLoopbackTheHostAddressAndFromOutside()
    {
        var m = _env.Start();
        string outside = _env.CreateOutsideHost(200, "x");
        var net = m.CreateNetwork(new NetworkCreateOptions { Name = "pub", Ipam = [new IpamConfig(_env.Subnet(2))] });
        var web = Sandbox(m, "web", new SandboxOptions { PortBindings = [.. PortSpec.Parse("80"), .. PortSpec.Parse("127.0.0.1::80")] });
        Assert.Equal(2, web.Ports.Count);
        int port = web.Ports[0].HostPort, loopbackOnly = web.Ports[1].HostPort;
        m.Connect(web.ContainerId, "pub");
        _env.StartHttpServer(web.NetnsPath, "published");

        Assert.Equal("published", NetworkTestEnvironment.HostGet($"http://127.0.0.1:{port}/"));
        Assert.Equal("published", NetworkTestEnvironment.HostGet($"http://127.0.0.1:{loopbackOnly}/"));
        // The host's address on a test interface (the host end of the outside host's link).
        Assert.Equal("published", NetworkTestEnvironment.HostGet($"http://{_env.Address(200, 1)}:{port}/"));
        // Another host's view: from the outside namespace through PREROUTING DNAT and forwarding.
        Assert.Equal("published", _env.Get(outside, null, $"http://{_env.Address(200, 1)}:{port}/"));
        // A port published on 127.0.0.1 only is not reachable on other addresses.
        Assert.Null(_env.Get(outside, null, $"http://{_env.Address(200, 1)}:{loopbackOnly}/", 2));
        // Hairpin: a container reaches a published port through the host address.
        var other = Sandbox(m, "other");
        m.Connect(other.ContainerId, "pub");
        Assert.Equal("published", _env.Get(other.NetnsPath, null, $"http://{_env.Address(200, 1)}:{port}/"));
        // A container on another network reaches it through the host too (published means public), though it
        // cannot reach the container's own address.
        m.CreateNetwork(new NetworkCreateOptions { Name = "elsewhere", Ipam = [new IpamConfig(_env.Subnet(12))] });
        var stranger = Sandbox(m, "stranger");
        m.Connect(stranger.ContainerId, "elsewhere");
        Assert.Equal("published", _env.Get(stranger.NetnsPath, null, $"http://{_env.Address(200, 1)}:{port}/"));
        Assert.Null(_env.Get(stranger.NetnsPath, null, $"http://{m.GetSandbox(web.ContainerId)!.Endpoints[0].IPv4Address}/", 2));
        // Nothing else on the host can take the published port.
        using (var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            Assert.Throws<SocketException>(() => s.Bind(new IPEndPoint(IPAddress.Any, port)));

        // Removing the container removes its rules and its namespace.
        m.DeleteSandbox(web.ContainerId);
        Assert.DoesNotContain($"dport {port} dnat", _env.ListTable());
        Assert.False(File.Exists(web.NetnsPath));
        using (var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            s.Bind(new IPEndPoint(IPAddress.Any, port)); // freed
    }

    [Fact]
    public void APortAlreadyBoundFailsClearlyAndLeavesNothing()
    {
        var m = _env.Start();
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.Bind(new IPEndPoint(IPAddress.Any, 0));
        squatter.Listen();
        int port = ((IPEndPoint)squatter.LocalEndPoint!).Port;
        var e = Assert.Throws<NetworkException>(() => Sandbox(m, "web", new SandboxOptions { PortBindings = PortSpec.Parse($"{port}:80") }));
        Assert.Equal(NetworkErrorKind.Conflict, e.Kind);
        Assert.Equal($"bind for 0.0.0.0:{port}/tcp failed: port is already allocated", e.Message);
        Assert.Empty(m.ListSandboxes());
        Assert.Empty(Directory.EnumerateFiles(m.NetnsDirectory));
    }

    [Fact]
    public void InternalNetworkCannotReachOut()
    {
        var m = _env.Start();
        string outside = _env.CreateOutsideHost(201, "y");
        _env.StartHttpServer(outside, "outside world");
        m.CreateNetwork(new NetworkCreateOptions { Name = "open", Ipam = [new IpamConfig(_env.Subnet(3))] });
        var intNet = m.CreateNetwork(new NetworkCreateOptions { Name = "sealed", Internal = true, Ipam = [new IpamConfig(_env.Subnet(4))] });
        var free = Sandbox(m, "free");
        var jailed = Sandbox(m, "jailed");
        var jailedPeer = Sandbox(m, "peer");
        m.Connect(free.ContainerId, "open");
        var ep = m.Connect(jailed.ContainerId, "sealed");
        var peerEp = m.Connect(jailedPeer.ContainerId, "sealed");
        Assert.Null(ep.IPv4Gateway);

        string target = $"http://{_env.Address(201, 2)}/";
        Assert.Equal("outside world", _env.Get(free.NetnsPath, null, target)); // the control: outbound works
        Assert.Null(_env.Get(jailed.NetnsPath, null, target, 2));
        // Even with a route added by hand inside the container, the host does not forward it.
        _env.Run(jailed.NetnsPath, null, "busybox", "ip", "route", "add", "default", "via", _env.Address(4, 1));
        Assert.Null(_env.Get(jailed.NetnsPath, null, target, 2));
        // Containers on the internal network still talk to each other, by name.
        _env.StartHttpServer(jailedPeer.NetnsPath, "peer");
        Assert.Equal("peer", _env.Get(jailed.NetnsPath, _env.FilesDir("jailed"), "http://peer/"));
        // And get no forwarded DNS (no way out through the resolver either).
        var (_, output, _) = _env.Run(jailed.NetnsPath, _env.FilesDir("jailed"), "busybox", "nslookup", "outside.test");
        Assert.DoesNotContain("10.99.99.99", output);
        Assert.Contains("chain from_" + intNet.Bridge!.Replace('-', '_'), _env.ListTable());
        _ = peerEp;
    }

    [Fact]
    public void NetworksAreIsolatedUntilConnected()
    {
        var m = _env.Start();
        m.CreateNetwork(new NetworkCreateOptions { Name = "a", Ipam = [new IpamConfig(_env.Subnet(5))] });
        m.CreateNetwork(new NetworkCreateOptions { Name = "b", Ipam = [new IpamConfig(_env.Subnet(6))] });
        var c1 = Sandbox(m, "c1");
        var c2 = Sandbox(m, "c2");
        var c3 = Sandbox(m, "c3");
        m.Connect(c1.ContainerId, "a");
        var e2 = m.Connect(c2.ContainerId, "b");
        m.Connect(c3.ContainerId, "b");
        _env.StartHttpServer(c2.NetnsPath, "c2");
        string url = $"http://{e2.IPv4Address}/";
        Assert.Equal("c2", _env.Get(c3.NetnsPath, null, url)); // same network: works
        Assert.Null(_env.Get(c1.NetnsPath, null, url, 2)); // other network: dropped
        Assert.Null(_env.Get(c1.NetnsPath, _env.FilesDir("c1"), "http://c2/", 2)); // and not resolvable
        // Connecting c1 to b too gives it eth1 on b: now it reaches c2, by name as well.
        var second = m.Connect(c1.ContainerId, "b");
        Assert.Equal("eth1", second.Interface);
        Assert.Equal("c2", _env.Get(c1.NetnsPath, _env.FilesDir("c1"), "http://c2/"));
        Assert.Contains(second.IPv4Address!, File.ReadAllText(Path.Combine(_env.FilesDir("c1"), "hosts")));
        // Connecting twice is refused.
        Assert.Equal(NetworkErrorKind.Conflict, Assert.Throws<NetworkException>(() => m.Connect(c1.ContainerId, "b")).Kind);
        // Disconnecting removes the veth pair (and eth1 inside).
        m.Disconnect(c1.ContainerId, "b");
        Assert.False(NetworkTestEnvironment.LinkExists(second.HostInterface));
        var (_, links, _) = _env.Run(c1.NetnsPath, null, "busybox", "ip", "-o", "link");
        Assert.DoesNotContain("eth1", links);
        Assert.Contains("eth0", links);
        Assert.Null(_env.Get(c1.NetnsPath, null, url, 2));

        // The default route follows the gateway network: a (sorted first) while connected, then b.
        m.Connect(c1.ContainerId, "b");
        Assert.Contains($"default via {_env.Address(5, 1)}", _env.Run(c1.NetnsPath, null, "busybox", "ip", "route").Out);
        m.Disconnect(c1.ContainerId, "a");
        Assert.Contains($"default via {_env.Address(6, 1)}", _env.Run(c1.NetnsPath, null, "busybox", "ip", "route").Out);
        m.Disconnect(c1.ContainerId, "b");
        Assert.DoesNotContain("default", _env.Run(c1.NetnsPath, null, "busybox", "ip", "route").Out);
    }

    [Fact]
    public void BadRequestsAreRefusedWithNothingHalfDone()
    {
        var m = _env.Start();
        var net = m.CreateNetwork(new NetworkCreateOptions { Name = "one", Ipam = [new IpamConfig(_env.Subnet(7), null, _env.Address(7, 254))] });
        Assert.Equal(_env.Address(7, 254), net.Subnets[0].Gateway);
        var overlap = Assert.Throws<NetworkException>(() =>
            m.CreateNetwork(new NetworkCreateOptions { Name = "two", Ipam = [new IpamConfig($"10.{_env.Octet2}.7.128/25")] }));
        Assert.Equal(NetworkErrorKind.Conflict, overlap.Kind);
        Assert.Contains("overlaps with network one", overlap.Message);
        var badGateway = Assert.Throws<NetworkException>(() =>
            m.CreateNetwork(new NetworkCreateOptions { Name = "three", Ipam = [new IpamConfig(_env.Subnet(8), null, _env.Address(9, 1))] }));
        Assert.Equal(NetworkErrorKind.InvalidArgument, badGateway.Kind);
        Assert.Equal(NetworkErrorKind.AlreadyExists, Assert.Throws<NetworkException>(() => m.CreateNetwork(new NetworkCreateOptions { Name = "one" })).Kind);
        Assert.Equal(3 + 1, m.ListNetworks().Count); // bridge, host, none, one
        Assert.DoesNotContain(m.ListNetworks(), n => n.Name is "two" or "three");

        var c = Sandbox(m, "c");
        var ep = m.Connect(c.ContainerId, "one", new EndpointOptions { IPv4Address = _env.Address(7, 50), MacAddress = "02:42:0a:00:00:32" });
        Assert.Equal(_env.Address(7, 50), ep.IPv4Address);
        Assert.Equal("02:42:0a:00:00:32", ep.MacAddress);
        var d = Sandbox(m, "d");
        Assert.Throws<NetworkException>(() => m.Connect(d.ContainerId, "one", new EndpointOptions { IPv4Address = _env.Address(7, 50) }));
        Assert.Empty(m.GetSandbox(d.ContainerId)!.Endpoints);
        Assert.Throws<NetworkException>(() => m.Connect(d.ContainerId, "host"));
        var auto = m.CreateNetwork(new NetworkCreateOptions { Name = "auto" });
        var dEp = Assert.Throws<NetworkException>(() => m.Connect(d.ContainerId, "auto", new EndpointOptions { IPv4Address = $"10.{_env.Octet2}.128.9" }));
        Assert.Contains("user configured subnets", dEp.Message);
        Assert.Equal($"10.{_env.Octet2}.128.0/24", auto.Subnets[0].Subnet);

        var inUse = Assert.Throws<NetworkException>(() => m.RemoveNetwork("one"));
        Assert.Equal(NetworkErrorKind.Conflict, inUse.Kind);
        Assert.Equal(NetworkErrorKind.FailedPrecondition, Assert.Throws<NetworkException>(() => m.RemoveNetwork("bridge")).Kind);

        // Removal takes the bridge and its chains away.
        m.DeleteSandbox(c.ContainerId);
        m.RemoveNetwork("one");
        Assert.False(NetworkTestEnvironment.LinkExists(net.Bridge!));
        Assert.DoesNotContain("from_" + net.Bridge!.Replace('-', '_'), _env.ListTable());
        Assert.Equal(["auto"], m.PruneNetworks());
    }

    [Fact]
    public void NoneHasOnlyLoopbackAndTheDefaultBridgeServesLinks()
    {
        var m = _env.Start();
        var none = Sandbox(m, "isolated");
        m.Connect(none.ContainerId, "none");
        var (_, links, _) = _env.Run(none.NetnsPath, null, "busybox", "ip", "-o", "link");
        Assert.Single(links.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("lo:", links);
        Assert.Throws<NetworkException>(() => m.Connect(none.ContainerId, "bridge"));

        var bridge = m.GetNetwork("bridge");
        Assert.Equal(_env.Prefix + "b0", bridge.Bridge);
        Assert.Equal(_env.Subnet(0), bridge.Subnets[0].Subnet);
        var db = Sandbox(m, "db");
        var dbEp = m.Connect(db.ContainerId, "bridge");
        var app = Sandbox(m, "app", new SandboxOptions { Links = ["db:database"], ExtraHosts = ["gw:host-gateway"] });
        m.Connect(app.ContainerId, "bridge");
        string hosts = File.ReadAllText(Path.Combine(_env.FilesDir("app"), "hosts"));
        Assert.Contains($"{dbEp.IPv4Address}\tdatabase", hosts);
        Assert.Contains($"{_env.Address(0, 1)}\tgw", hosts);
        // The default bridge has no embedded DNS: resolv.conf carries the host's servers.
        Assert.DoesNotContain("127.0.0.11", File.ReadAllText(Path.Combine(_env.FilesDir("app"), "resolv.conf")));
        Assert.Null(m.ResolverPorts(app.ContainerId));
        _env.StartHttpServer(db.NetnsPath, "db");
        Assert.Equal("db", _env.Get(app.NetnsPath, _env.FilesDir("app"), "http://database/"));
    }

    [Fact]
    public void IPv6NetworkGivesAddressesAndNames()
    {
        var m = _env.Start();
        string v6 = $"fd00:{_env.Octet2:x}:{RandomHex()}::/64";
        var net = m.CreateNetwork(new NetworkCreateOptions { Name = "six", EnableIPv6 = true, Internal = true, Ipam = [new IpamConfig(_env.Subnet(9)), new IpamConfig(v6)] });
        Assert.Equal(2, net.Subnets.Count);
        var a = Sandbox(m, "a6");
        var b = Sandbox(m, "b6");
        var ea = m.Connect(a.ContainerId, "six");
        m.Connect(b.ContainerId, "six");
        Assert.NotNull(ea.IPv6Address);
        _env.StartHttpServer(a.NetnsPath, "six");
        Assert.Equal("six", _env.Get(b.NetnsPath, null, $"http://[{ea.IPv6Address}]/"));
        var (_, output, _) = _env.Run(b.NetnsPath, _env.FilesDir("b6"), "busybox", "nslookup", "-type=aaaa", "a6");
        Assert.Contains(ea.IPv6Address!, output);
    }

    private static string RandomHex() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(2));

    [Fact]
    public void RestartAfterACrashReconcilesLeftovers()
    {
        var m = _env.Start();
        var net = m.CreateNetwork(new NetworkCreateOptions { Name = "keep", Ipam = [new IpamConfig(_env.Subnet(10))] });
        var gone = m.CreateNetwork(new NetworkCreateOptions { Name = "gone", Ipam = [new IpamConfig(_env.Subnet(11))] });
        var alive = Sandbox(m, "alive", new SandboxOptions { PortBindings = PortSpec.Parse("80") });
        var dead = Sandbox(m, "dead");
        var peer = Sandbox(m, "peer");
        m.Connect(alive.ContainerId, "keep");
        var deadEp = m.Connect(dead.ContainerId, "keep");
        m.Connect(peer.ContainerId, "keep");
        int port = m.GetSandbox(alive.ContainerId)!.Ports[0].HostPort;
        _env.StartHttpServer(alive.NetnsPath, "survivor");
        var oldDns = m.ResolverPorts(peer.ContainerId);

        // The daemon dies; meanwhile the rules vanish (as after an nft flush) and a network record is lost
        // (its bridge stays), and a stray namespace file appears.
        _env.Crash();
        Berth.Linux.Netlink.Nftables.Apply($"delete table inet {_env.Prefix}\n");
        File.Delete(Path.Combine(_env.DataDir, "networks", gone.Id + ".json"));
        using (NetworkNamespace.Create(Path.Combine(_env.RunDir, "netns", "stray"))) { }
        // And a veth from a connect that crashed before its record was written.
        string strayVeth = _env.Prefix + "vstray";
        using (var nl = Berth.Linux.Netlink.RouteNetlink.Open())
        {
            int index = nl.CreateVethPair(new Berth.Linux.Netlink.VethPairRequest { Name = strayVeth, PeerName = _env.Prefix + "vpeer" });
            nl.SetAlias(index, $"{_env.Prefix}:ep:{alive.ContainerId}:000000000000");
        }
        Assert.Null(NetworkTestEnvironment.HostGet($"http://127.0.0.1:{port}/"));

        var m2 = _env.Start([alive.ContainerId, peer.ContainerId]);
        Assert.Equal("survivor", NetworkTestEnvironment.HostGet($"http://127.0.0.1:{port}/"));
        Assert.False(NetworkTestEnvironment.LinkExists(gone.Bridge!));
        Assert.True(NetworkTestEnvironment.LinkExists(net.Bridge!));
        Assert.False(NetworkTestEnvironment.LinkExists(deadEp.HostInterface));
        Assert.False(NetworkTestEnvironment.LinkExists(strayVeth));
        Assert.False(File.Exists(dead.NetnsPath));
        Assert.False(File.Exists(Path.Combine(_env.RunDir, "netns", "stray")));
        Assert.Null(m2.GetSandbox(dead.ContainerId));
        Assert.Null(m2.FindNetwork("gone"));
        // DNS is served again (new sockets, new redirect inside the namespace).
        Assert.NotNull(m2.ResolverPorts(peer.ContainerId));
        Assert.Equal("survivor", _env.Get(peer.NetnsPath, _env.FilesDir("peer"), "http://alive/"));
        // The freed address is handed out again later, the kept ones are not.
        var fresh = Sandbox(m2, "fresh");
        var freshEp = m2.Connect(fresh.ContainerId, "keep");
        Assert.NotEqual(m2.GetSandbox(alive.ContainerId)!.Endpoints[0].IPv4Address, freshEp.IPv4Address);
        _ = oldDns;
    }
}
