namespace Berth.IntegrationTests.Network6;

/// <summary>
/// After containers with published ports, user networks, connects and a daemon crash are all removed, nothing of the
/// daemon's networking is left: no veth, no bridge but the default one (removed with the daemon's table by the test
/// as Docker's docker0 would be), no namespace file or mount, no nftables table, no iptables rule.
/// </summary>
[Trait("Category", "Integration")]
[Collection("network6")]
public sealed class NetworkLeakTests
{
    [Fact]
    public void NothingIsLeftAfterContainersNetworksAndTheDaemonAreGone()
    {
        var n = new NetworkDaemon();
        try
        {
            n.Ok("network", "create", "leak-a");
            n.Ok("network", "create", "--internal", "leak-b");
            n.Ok("run", "-d", "--name", "leak-1", "--network", "leak-a", "-p", "80", "busybox", "sleep", "300");
            n.Ok("run", "-d", "--name", "leak-2", "--network", "leak-b", "busybox", "sleep", "300");
            n.Ok("network", "connect", "leak-a", "leak-2");
            n.Ok("run", "-d", "--name", "leak-3", "-P", "--expose", "81", "busybox", "sleep", "300");
            n.Ok("run", "--rm", "--network", "leak-a", "busybox", "true");
            n.Ok("run", "--rm", "--network", "none", "busybox", "true");
            Assert.Equal(4, n.VethCountSettled(4));
            Assert.Equal(3, n.NetnsCount());
            n.Daemon.Stop(kill: true);
            n.Daemon.Start();
            Assert.Equal(4, n.VethCountSettled(4));
            n.Ok("rm", "-f", "leak-1", "leak-2", "leak-3");
            Assert.Equal(0, n.VethCountSettled(0));
            Assert.Equal(0, n.NetnsCount());
            n.Ok("network", "rm", "leak-a", "leak-b");
            using (var nl = Berth.Linux.Netlink.RouteNetlink.Open())
                Assert.Equal([n.Bridge], nl.ListLinks().Where(l => l.Alias?.StartsWith(n.Tag + ":", StringComparison.Ordinal) ?? false).Select(l => l.Name));
        }
        finally
        {
            n.Dispose();
        }
        Assert.Empty(n.Leaks());
    }
}
