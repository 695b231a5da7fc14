using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Berth.IntegrationTests.Cli;
using Berth.IntegrationTests.Daemon;
using Berth.Linux.Netlink;

namespace Berth.IntegrationTests.Network6;

/// <summary>
/// A private berthd whose networking cannot collide with another daemon's: its own default bridge (<c>bt6</c> + 4
/// hex + <c>b0</c>, hence its own nftables table and link tag), a --bip and an address pool in a 10.X.0.0/16 the host
/// does not route. Dispose removes containers and networks through the API, stops the daemon, then deletes what a
/// daemon leaves by design (the default bridge, its table, iptables rules with its tag) and checks that nothing of it
/// remains; <see cref="Leaks"/> reports what would have leaked.
/// </summary>
public sealed class NetworkDaemon : IDisposable
{
    public string Prefix { get; } = "bt6" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
    public string Bridge => Prefix + "b0";
    /// <summary>berthd's tag for its kernel objects (see NetworkService.TagFor).</summary>
    public string Tag => "berth_" + Bridge;
    public int Octet2 { get; }
    public BerthdFixture Daemon { get; }

    public NetworkDaemon()
    {
        Octet2 = FreeOctet();
        Daemon = new BerthdFixture(["--bridge", Bridge, "--bip", $"10.{Octet2}.0.1/24", "--default-address-pool", $"base=10.{Octet2}.0.0/16,size=24"]);
    }

    /// <summary>10.X.0.0/16 that no route of the host (nor a concurrent test) covers.</summary>
    private static int FreeOctet()
    {
        using var nl = RouteNetlink.Open();
        var routes = nl.ListRoutes(AddressFamily.InterNetwork).Select(r => r.Destination).Where(r => r.PrefixLength > 0).ToList();
        for (int i = 0; i < 200; i++)
        {
            int candidate = 150 + RandomNumberGenerator.GetInt32(100);
            var net = IPNetwork.Parse($"10.{candidate}.0.0/16");
            if (!routes.Any(r => r.Contains(net.BaseAddress) || net.Contains(r.BaseAddress))) return candidate;
        }
        throw new InvalidOperationException("no free 10.X.0.0/16 for the test");
    }

    /// <summary>The subnet 10.X.third.0/24 of this daemon's private /16 (the pool hands out the low ones first).</summary>
    public string Subnet(int third) => $"10.{Octet2}.{third}.0/24";

    public string Address(int third, int fourth) => $"10.{Octet2}.{third}.{fourth}";

    public ProcessRunner.Result Docker(params string[] args) => Daemon.Docker(args);

    /// <summary>Runs docker and fails the test with its stderr when it does not exit 0.</summary>
    public string Ok(params string[] args)
    {
        var r = Daemon.Docker(args);
        Assert.True(r.Code == 0, $"docker {string.Join(' ', args)} exited {r.Code}: {r.Err}");
        return r.Out;
    }

    /// <summary>The host's own non-loopback address (the source of its default route, else its first global one).</summary>
    public static string HostAddress()
    {
        var route = ProcessRunner.Run("ip", ["-4", "route", "get", "192.0.2.200"]).Out;
        var words = route.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int src = Array.IndexOf(words, "src");
        if (src >= 0 && src + 1 < words.Length) return words[src + 1];
        var addr = ProcessRunner.Run("ip", ["-4", "-o", "addr", "show", "scope", "global"]).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return addr.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).First(w => w[1] != "lo")[3].Split('/')[0];
    }

    /// <summary>An HTTP GET from the host (a fresh connection each time); null when nothing answers in time.</summary>
    public static string? HttpGet(string host, int port, int timeoutMs = 5000)
    {
        try
        {
            using var client = new TcpClient();
            if (!client.ConnectAsync(host, port).Wait(timeoutMs)) return null;
            client.ReceiveTimeout = timeoutMs;
            using var stream = client.GetStream();
            stream.Write(Encoding.ASCII.GetBytes($"GET / HTTP/1.0\r\nHost: {host}\r\n\r\n"));
            var text = new StreamReader(stream).ReadToEnd();
            int body = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            return body < 0 ? text : text[(body + 4)..];
        }
        catch (Exception e) when (e is SocketException or IOException or AggregateException) { return null; }
    }

    /// <summary>busybox httpd serving <paramref name="body"/> on port 80 of a detached container.</summary>
    public static string[] HttpdArgs(string body) =>
        ["busybox", "sh", "-c", $"mkdir -p /www && echo {body} > /www/index.html && exec httpd -f -p 80 -h /www"];

    /// <summary>Kernel objects of this daemon still present: links with its prefix or tag, its nftables table,
    /// iptables rules with its tag, namespace files and mounts under its roots.</summary>
    public List<string> Leaks()
    {
        var leaks = new List<string>();
        using (var nl = RouteNetlink.Open())
        {
            foreach (var l in nl.ListLinks())
                if (l.Name.StartsWith(Prefix, StringComparison.Ordinal) || (l.Alias?.StartsWith(Tag + ":", StringComparison.Ordinal) ?? false))
                    leaks.Add($"link {l.Name} ({l.Alias})");
        }
        if (ProcessRunner.Run("nft", ["list", "tables"]).Out.Contains(Tag)) leaks.Add($"nftables table {Tag}");
        if (ProcessRunner.Run("iptables-save", []).Out.Contains(Tag)) leaks.Add($"iptables rules tagged {Tag}");
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo"))
            if (line.Split(' ')[4].StartsWith(Daemon.Root, StringComparison.Ordinal)) leaks.Add("mount " + line.Split(' ')[4]);
        string netns = Path.Combine(Daemon.ExecRoot, "network", "netns");
        if (Directory.Exists(netns)) leaks.AddRange(Directory.EnumerateFiles(netns).Select(f => "netns " + f));
        return leaks;
    }

    /// <summary>Veths attached to this daemon's bridges (host ends), for "nothing half configured" checks.</summary>
    public int VethCount()
    {
        using var nl = RouteNetlink.Open();
        return nl.ListLinks().Count(l => l.Alias?.StartsWith(Tag + ":ep:", StringComparison.Ordinal) ?? false);
    }

    /// <summary>The veth count once two reads 200 ms apart agree (veths of containers just removed are gone).</summary>
    public int VethCountStable()
    {
        int previous = VethCount();
        for (int i = 0; i < 25; i++)
        {
            Thread.Sleep(200);
            int now = VethCount();
            if (now == previous) return now;
            previous = now;
        }
        return previous;
    }

    /// <summary>
    /// The veth count once it has settled on <paramref name="expected"/> (or after 5 s): a removed container's
    /// host-side veth is deleted just after the removal returns, off the run path.
    /// </summary>
    public int VethCountSettled(int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        int count;
        while ((count = VethCount()) != expected && DateTime.UtcNow < deadline) Thread.Sleep(50);
        return count;
    }

    public int NetnsCount()
    {
        string netns = Path.Combine(Daemon.ExecRoot, "network", "netns");
        return Directory.Exists(netns) ? Directory.EnumerateFiles(netns).Count() : 0;
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            var ids = Daemon.Docker("ps", "-aq").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (ids.Length > 0) Daemon.Docker(["rm", "-f", "-v", .. ids]);
            Daemon.Docker("network", "prune", "-f");
        }
        catch (Exception) { }
        Daemon.Dispose();
        // What a stopped daemon keeps by design (like docker0): the default bridge, its table, its iptables rules.
        ProcessRunner.Run("ip", ["link", "del", Bridge]);
        using (var nl = RouteNetlink.Open())
        {
            foreach (var l in nl.ListLinks())
                if (l.Alias?.StartsWith(Tag + ":", StringComparison.Ordinal) ?? false) ProcessRunner.Run("ip", ["link", "del", l.Name]);
        }
        ProcessRunner.Run("nft", ["delete", "table", "inet", Tag]);
        foreach (var table in new[] { "filter", "nat" })
        {
            foreach (var rule in ProcessRunner.Run("iptables", ["-t", table, "-S"]).Out.Split('\n'))
            {
                if (!rule.StartsWith("-A ", StringComparison.Ordinal) || !rule.Contains(Tag)) continue;
                ProcessRunner.Shell($"iptables -t {table} -D {rule[3..]}");
            }
        }
    }
}
