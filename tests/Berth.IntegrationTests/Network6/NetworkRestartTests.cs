namespace Berth.IntegrationTests.Network6;

/// <summary>
/// A daemon restart (crash or clean stop) keeps the networking of running containers: published ports keep answering
/// while the daemon is away, names resolve again after it is back, addresses stay; a container that exits meanwhile
/// has its network released at the next start.
/// </summary>
[Trait("Category", "Integration")]
[Collection("network6")]
public sealed class NetworkRestartTests : IClassFixture<NetworkDaemon>
{
    private readonly NetworkDaemon _n;

    public NetworkRestartTests(NetworkDaemon n) => _n = n;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RunningContainersKeepTheirNetworkAcrossADaemonRestart(bool crash)
    {
        string net = crash ? "survive-kill" : "survive-term";
        int port = FreePort();
        _n.Ok("network", "create", net);
        try
        {
            _n.Ok(["run", "-d", "--name", net + "-web", "--network", net, "-p", $"{port}:80", .. NetworkDaemon.HttpdArgs("still-here")]);
            _n.Ok("run", "-d", "--name", net + "-client", "--network", net, "busybox", "sleep", "300");
            _n.Ok("run", "-d", "--name", net + "-short", "--network", net, "busybox", "sleep", "3");
            string ip = _n.Ok("inspect", "-f", $"{{{{(index .NetworkSettings.Networks \"{net}\").IPAddress}}}}", net + "-web").Trim();
            Assert.Equal("still-here\n", Retry(() => _n.Docker("exec", net + "-client", "timeout", "5", "wget", "-qO-", $"http://{net}-web/").Out));
            int veths = _n.VethCountStable();

            _n.Daemon.Stop(kill: crash);
            // The kernel keeps forwarding: the published port answers with no daemon at all.
            Assert.Equal("still-here\n", NetworkDaemon.HttpGet("127.0.0.1", port));
            Thread.Sleep(3500);   // the short container exits while the daemon is away
            _n.Daemon.Start();

            Assert.Equal("still-here\n", Retry(() => _n.Docker("exec", net + "-client", "timeout", "5", "wget", "-qO-", $"http://{net}-web/").Out));
            Assert.Equal("still-here\n", NetworkDaemon.HttpGet("127.0.0.1", port));
            Assert.Equal(ip, _n.Ok("inspect", "-f", $"{{{{(index .NetworkSettings.Networks \"{net}\").IPAddress}}}}", net + "-web").Trim());
            Assert.Equal("exited", _n.Ok("inspect", "-f", "{{.State.Status}}", net + "-short").Trim());
            Assert.Equal(veths - 1, _n.VethCountSettled(veths - 1));
            Assert.Equal($"0.0.0.0:{port}->80/tcp", _n.Ok("ps", "--filter", $"name={net}-web", "--format", "{{.Ports}}").Trim());
            // The host port is still held for the container: nobody else gets it.
            var clash = _n.Docker("run", "-d", "--name", net + "-clash", "-p", $"{port}:80", "busybox", "sleep", "300");
            Assert.Contains("port is already allocated", clash.Err);
            // And the restarted daemon manages the survivors as before.
            _n.Ok("network", "disconnect", net, net + "-client");
            Assert.Equal("lo", _n.Ok("exec", net + "-client", "ls", "/sys/class/net").Trim());
        }
        finally
        {
            _n.Docker("rm", "-f", net + "-web", net + "-client", net + "-short", net + "-clash");
            _n.Docker("network", "rm", net);
        }
    }

    private static string Retry(Func<string> get)
    {
        string last = "";
        for (int i = 0; i < 20; i++)
        {
            last = get();
            if (last.Length > 0) return last;
            Thread.Sleep(300);
        }
        return last;
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
