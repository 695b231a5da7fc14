using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Berth.IntegrationTests.Network6;

[CollectionDefinition("network6", DisableParallelization = true)]
public sealed class Network6Collection;

/// <summary>
/// What a Docker user sees of berthd's networking through the real docker CLI 28: names that resolve, published
/// ports, none/host/container modes, internal networks, isolation between networks, the default bridge's files.
/// Traffic stays on loopback, the host's own address and the daemon's private bridges.
/// </summary>
[Trait("Category", "Integration")]
[Collection("network6")]
public sealed class NetworkBehaviourTests : IClassFixture<NetworkDaemon>
{
    private readonly NetworkDaemon _n;

    public NetworkBehaviourTests(NetworkDaemon n) => _n = n;

    [Fact]
    public void ContainersOnAUserNetworkReachEachOtherByNameAndAlias()
    {
        _n.Ok("network", "create", "byname");
        try
        {
            _n.Ok(["run", "-d", "--name", "byname-web", "--network", "byname", "--network-alias", "site", .. NetworkDaemon.HttpdArgs("hello-by-name")]);
            var get = _n.Docker("run", "--rm", "--network", "byname", "busybox", "sh", "-c",
                "for i in 1 2 3 4 5; do timeout 5 wget -qO- http://byname-web/ && break; sleep 0.3; done; timeout 5 wget -qO- http://site/");
            Assert.True(get.Code == 0, get.Err);
            Assert.Equal("hello-by-name\nhello-by-name\n", get.Out);

            // The embedded DNS is what resolv.conf points at; other names are forwarded (not tested: no internet).
            var resolv = _n.Ok("run", "--rm", "--network", "byname", "busybox", "cat", "/etc/resolv.conf");
            Assert.Contains("nameserver 127.0.0.11", resolv);
            // Names are scoped to the network: the default bridge does not resolve them.
            var outside = _n.Docker("run", "--rm", "busybox", "sh", "-c", "timeout 5 nslookup byname-web; exit $?");
            Assert.NotEqual(0, outside.Code);
        }
        finally
        {
            _n.Docker("rm", "-f", "byname-web");
            _n.Docker("network", "rm", "byname");
        }
    }

    [Fact]
    public void PublishedPortAnswersOnLoopbackAndOnTheHostAddress()
    {
        int port = FreePort();
        _n.Ok(["run", "-d", "--name", "pub-web", "-p", $"{port}:80", .. NetworkDaemon.HttpdArgs("hello-published")]);
        try
        {
            Assert.Equal("hello-published\n", Eventually(() => NetworkDaemon.HttpGet("127.0.0.1", port)));
            Assert.Equal("hello-published\n", NetworkDaemon.HttpGet(NetworkDaemon.HostAddress(), port));
            Assert.Equal($"80/tcp -> 0.0.0.0:{port}", _n.Ok("port", "pub-web").Trim());
            Assert.Equal($"0.0.0.0:{port}->80/tcp", _n.Ok("ps", "--filter", "name=pub-web", "--format", "{{.Ports}}").Trim());
            Assert.Equal($"{port}", _n.Ok("inspect", "-f", "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}", "pub-web").Trim());
        }
        finally
        {
            _n.Docker("rm", "-f", "pub-web");
        }
        // The port is free again once the container is gone.
        using var l = new TcpListener(IPAddress.Any, port);
        l.Start();
    }

    [Fact]
    public void PublishAllGivesExposedPortsRandomHostPortsAndLoopbackBindingsStayLocal()
    {
        _n.Ok(["run", "-d", "--name", "pub-all", "-P", "--expose", "80", .. NetworkDaemon.HttpdArgs("hello-random")]);
        int loopbackPort = FreePort();
        _n.Ok(["run", "-d", "--name", "pub-lo", "-p", $"127.0.0.1:{loopbackPort}:80", .. NetworkDaemon.HttpdArgs("hello-loopback")]);
        try
        {
            string mapping = _n.Ok("port", "pub-all", "80/tcp").Trim();
            Assert.StartsWith("0.0.0.0:", mapping);
            int port = int.Parse(mapping.Split(':')[1]);
            Assert.Equal("hello-random\n", Eventually(() => NetworkDaemon.HttpGet("127.0.0.1", port)));

            Assert.Equal("hello-loopback\n", Eventually(() => NetworkDaemon.HttpGet("127.0.0.1", loopbackPort)));
            Assert.Null(NetworkDaemon.HttpGet(NetworkDaemon.HostAddress(), loopbackPort, 2000));
        }
        finally
        {
            _n.Docker("rm", "-f", "pub-all", "pub-lo");
        }
    }

    [Fact]
    public void NoneHasOnlyLoopback()
    {
        Assert.Equal("lo", _n.Ok("run", "--rm", "--network", "none", "busybox", "ls", "/sys/class/net").Trim());
        // ... while the default network gives eth0 with an address of the --bip subnet and a default route.
        var bridged = _n.Ok("run", "--rm", "busybox", "sh", "-c", "ls /sys/class/net | tr '\\n' ' '; ip -4 -o addr show eth0; ip route");
        Assert.StartsWith("eth0 lo ", bridged);
        Assert.Contains($"inet {_n.Address(0, 0)[..^1]}", bridged);
        Assert.Contains($"default via {_n.Address(0, 1)} dev eth0", bridged);
        string created = _n.Ok("create", "--network", "none", "busybox", "true").Trim();
        try
        {
            Assert.StartsWith("{\"none\":", _n.Ok("inspect", "-f", "{{json .NetworkSettings.Networks}}", created));
        }
        finally
        {
            _n.Docker("rm", created);
        }
    }

    [Fact]
    public void InternalNetworkCannotReachOutButAnOrdinaryOneCan()
    {
        using var server = new OneLineServer("outside-ok");
        string url = $"http://{NetworkDaemon.HostAddress()}:{server.Port}/";
        _n.Ok("network", "create", "--internal", "inside");
        _n.Ok("network", "create", "outward");
        try
        {
            var control = _n.Docker("run", "--rm", "--network", "outward", "busybox", "sh", "-c", $"timeout 5 wget -qO- {url}; exit $?");
            Assert.True(control.Code == 0, "control: an ordinary network reaches the host: " + control.Err);
            Assert.Contains("outside-ok", control.Out);
            var blocked = _n.Docker("run", "--rm", "--network", "inside", "busybox", "sh", "-c", $"ip route; timeout 5 wget -qO- {url}");
            Assert.NotEqual(0, blocked.Code);
            Assert.DoesNotContain("outside-ok", blocked.Out);
            Assert.DoesNotContain("default", blocked.Out);
            // Containers on the internal network still reach each other.
            _n.Ok(["run", "-d", "--name", "inside-web", "--network", "inside", .. NetworkDaemon.HttpdArgs("inside-ok")]);
            var peer = _n.Docker("run", "--rm", "--network", "inside", "busybox", "sh", "-c",
                "for i in 1 2 3 4 5; do timeout 5 wget -qO- http://inside-web/ && break; sleep 0.3; done");
            Assert.Equal("inside-ok\n", peer.Out);
        }
        finally
        {
            _n.Docker("rm", "-f", "inside-web");
            _n.Docker("network", "rm", "inside", "outward");
        }
    }

    [Fact]
    public void ContainersOnDifferentNetworksCannotReachEachOther()
    {
        _n.Ok("network", "create", "iso-a");
        _n.Ok("network", "create", "iso-b");
        try
        {
            _n.Ok(["run", "-d", "--name", "iso-web", "--network", "iso-a", .. NetworkDaemon.HttpdArgs("iso-ok")]);
            string ip = _n.Ok("inspect", "-f", "{{(index .NetworkSettings.Networks \"iso-a\").IPAddress}}", "iso-web").Trim();
            Assert.Matches(@"^10\.\d+\.\d+\.\d+$", ip);
            var same = _n.Docker("run", "--rm", "--network", "iso-a", "busybox", "sh", "-c",
                $"for i in 1 2 3 4 5; do timeout 5 wget -qO- http://{ip}/ && break; sleep 0.3; done");
            Assert.Equal("iso-ok\n", same.Out);
            var other = _n.Docker("run", "--rm", "--network", "iso-b", "busybox", "sh", "-c", $"timeout 5 wget -qO- http://{ip}/; exit $?");
            Assert.NotEqual(0, other.Code);
            var fromDefault = _n.Docker("run", "--rm", "busybox", "sh", "-c", $"timeout 5 wget -qO- http://{ip}/; exit $?");
            Assert.NotEqual(0, fromDefault.Code);
            // Connected to both, a container reaches it again.
            _n.Ok("run", "-d", "--name", "iso-both", "--network", "iso-b", "busybox", "sleep", "300");
            _n.Ok("network", "connect", "iso-a", "iso-both");
            Assert.Equal("iso-ok\n", _n.Ok("exec", "iso-both", "timeout", "5", "wget", "-qO-", $"http://{ip}/"));
        }
        finally
        {
            _n.Docker("rm", "-f", "iso-web", "iso-both");
            _n.Docker("network", "rm", "iso-a", "iso-b");
        }
    }

    [Fact]
    public void DefaultBridgeFilesFollowDnsHostsHostnameAndLinks()
    {
        _n.Ok("run", "-d", "--name", "linked-db", "busybox", "sleep", "300");
        try
        {
            var files = _n.Ok("run", "--rm", "--hostname", "myhost", "--dns", "192.0.2.53", "--dns-search", "example.test",
                "--dns-option", "ndots:3", "--add-host", "extra.test:192.0.2.77", "--add-host", "gw.test:host-gateway",
                "--link", "linked-db:db", "busybox", "sh", "-c", "cat /etc/hostname /etc/resolv.conf /etc/hosts; hostname");
            Assert.Contains("myhost\n", files);
            Assert.Contains("nameserver 192.0.2.53", files);
            Assert.Contains("search example.test", files);
            Assert.Contains("options ndots:3", files);
            Assert.Contains("192.0.2.77\textra.test", files);
            Assert.Contains($"{_n.Address(0, 1)}\tgw.test", files);
            string dbIp = _n.Ok("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "linked-db").Trim();
            Assert.Matches($@"{Regex(dbIp)}\tdb ", files);

            // A stopped link target is refused, as Docker does.
            _n.Ok("stop", "-t", "0", "linked-db");
            var refused = _n.Docker("run", "--rm", "--link", "linked-db:db", "busybox", "true");
            Assert.NotEqual(0, refused.Code);
            Assert.Contains("Cannot link to a non running container", refused.Err);
        }
        finally
        {
            _n.Docker("rm", "-f", "linked-db");
        }
    }

    private static string Regex(string s) => System.Text.RegularExpressions.Regex.Escape(s);

    [Fact]
    public void ContainerModeSharesTheNamespaceAndHostModeTheHosts()
    {
        _n.Ok(["run", "-d", "--name", "owner", "--hostname", "ownerhost", .. NetworkDaemon.HttpdArgs("shared-ns")]);
        try
        {
            string ip = _n.Ok("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "owner").Trim();
            var joined = _n.Ok("run", "--rm", "--network", "container:owner", "busybox", "sh", "-c",
                "ip -4 -o addr show eth0; hostname; for i in 1 2 3 4 5; do timeout 5 wget -qO- http://127.0.0.1/ && break; sleep 0.3; done");
            Assert.Contains($"inet {ip}/", joined);
            Assert.Contains("ownerhost\n", joined);
            Assert.Contains("shared-ns", joined);
            // Joining did not rename the owner.
            Assert.Equal("ownerhost", _n.Ok("exec", "owner", "hostname").Trim());

            var host = _n.Ok("run", "--rm", "--network", "host", "busybox", "sh", "-c", "hostname; ls /sys/class/net");
            Assert.Contains(Environment.MachineName, host);
            Assert.Contains(_n.Bridge, host);
        }
        finally
        {
            _n.Docker("rm", "-f", "owner");
        }
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Any, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>httpd needs a moment after `run -d` returns.</summary>
    private static string? Eventually(Func<string?> get)
    {
        for (int i = 0; i < 25; i++)
        {
            var v = get();
            if (v is not null && v.Length > 0) return v;
            Thread.Sleep(200);
        }
        return get();
    }
}

/// <summary>A TCP server on every host address that answers each connection with one HTTP response.</summary>
internal sealed class OneLineServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Any, 0);
    private readonly CancellationTokenSource _stop = new();

    public int Port { get; }

    public OneLineServer(string body)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var stream = client.GetStream();
                    var buffer = new byte[1024];
                    _ = await stream.ReadAsync(buffer, _stop.Token);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.0 200 OK\r\nContent-Length: {body.Length + 1}\r\n\r\n{body}\n"), _stop.Token);
                }
                catch (Exception) when (!_stop.IsCancellationRequested) { }
                catch (Exception) { return; }
            }
        });
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
