using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Berth.Linux.Namespaces;
using Berth.Linux.Netlink;
using Berth.Network;
using Berth.Network.Dns;

namespace Berth.IntegrationTests.Network;

/// <summary>
/// One test's private networking world: a unique prefix for every bridge, veth, table and namespace it makes
/// (<c>bt</c> + 4 hex), its own data and run directories, a fake upstream DNS server on 127.0.0.1 (so no query ever
/// leaves the machine), "outside" hosts as network namespaces on a veth pair, and processes started inside
/// namespaces. Dispose removes all of it, by prefix, even when the test failed half way.
/// </summary>
public sealed class NetworkTestEnvironment : IDisposable
{
    public string Prefix { get; } = "bt" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
    public string Root { get; }
    public string DataDir => Path.Combine(Root, "data");
    public string RunDir => Path.Combine(Root, "run");
    /// <summary>A random 10.(200-249).X.0/16-ish base, so concurrent runs and the host's routes do not collide.</summary>
    public int Octet2 { get; }
    public FakeUpstreamDns Upstream { get; } = new();
    private readonly List<Process> _processes = [];
    private readonly List<string> _outsideNamespaces = [];
    private readonly string _ipForward;
    private NetworkManager? _manager;

    public NetworkTestEnvironment()
    {
        Root = Path.Combine(Path.GetTempPath(), "berth-net-" + Prefix);
        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Combine(Root, "resolv.conf"), "nameserver 127.0.0.1\n");
        _ipForward = File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim();
        // Pick a second octet whose 10.X.0.0/16 the host does not route.
        using var nl = RouteNetlink.Open();
        var routes = nl.ListRoutes(AddressFamily.InterNetwork).Select(r => r.Destination).ToList();
        for (int i = 0; i < 100; i++)
        {
            int candidate = 200 + RandomNumberGenerator.GetInt32(50);
            var net = IPNetwork.Parse($"10.{candidate}.0.0/16");
            if (!routes.Any(r => r.PrefixLength > 0 && (r.Contains(net.BaseAddress) || net.Contains(r.BaseAddress)))) { Octet2 = candidate; break; }
        }
        if (Octet2 == 0) throw new InvalidOperationException("no free 10.2xx.0.0/16 for the test");
    }

    public string Subnet(int third) => $"10.{Octet2}.{third}.0/24";

    public string Address(int third, int fourth) => $"10.{Octet2}.{third}.{fourth}";

    public NetworkManagerOptions Options() => new()
    {
        DataDir = DataDir,
        RunDir = RunDir,
        Tag = Prefix,
        DefaultBridgeName = Prefix + "b0",
        BridgeNamePrefix = Prefix + "n",
        VethNamePrefix = Prefix + "v",
        DefaultBridgePools = [new Berth.Network.Ipam.AddressPool(IPNetwork.Parse(Subnet(0)), 24)],
        DefaultAddressPools = [new Berth.Network.Ipam.AddressPool(IPNetwork.Parse($"10.{Octet2}.128.0/17"), 24)],
        HostResolvConfPath = Path.Combine(Root, "resolv.conf"),
        DnsUpstreams = [Upstream.EndPoint],
    };

    public NetworkManager Start(IEnumerable<string>? live = null)
    {
        _manager = NetworkManager.Start(Options(), live ?? []);
        return _manager;
    }

    /// <summary>Forgets the current manager without cleaning, as a crash would (kernel state and files stay).</summary>
    public void Crash()
    {
        _manager?.Dispose();
        _manager = null;
    }

    public string FilesDir(string container) => Path.Combine(Root, "files", container);

    /// <summary>Starts a long-running process inside a namespace (killed at Dispose).</summary>
    public Process StartIn(string netnsPath, params string[] argv)
    {
        var psi = new ProcessStartInfo("nsenter") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--net=" + netnsPath);
        psi.ArgumentList.Add("--");
        foreach (var a in argv) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        _processes.Add(p);
        return p;
    }

    /// <summary>Serves <paramref name="body"/> over HTTP on port 80 inside the namespace with busybox httpd.</summary>
    public void StartHttpServer(string netnsPath, string body, int port = 80)
    {
        string dir = Path.Combine(Root, "www-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "index.html"), body);
        StartIn(netnsPath, "busybox", "httpd", "-f", "-p", port.ToString(), "-h", dir);
        // Wait until it listens (a connect from inside succeeds).
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            var (code, _, _) = Run(netnsPath, null, "busybox", "wget", "-q", "-O", "/dev/null", $"http://127.0.0.1:{port}/");
            if (code == 0) return;
            Thread.Sleep(50);
        }
        throw new TimeoutException("httpd did not start");
    }

    /// <summary>
    /// Runs a command inside a namespace and waits. With <paramref name="filesDir"/>, it also gets a private mount
    /// namespace where that directory's hosts and resolv.conf are bind-mounted over /etc's, as in a container, so
    /// name lookups go to the embedded DNS and never to the host's resolvers.
    /// </summary>
    public (int Code, string Out, string Err) Run(string netnsPath, string? filesDir, params string[] argv)
    {
        var psi = new ProcessStartInfo("nsenter") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--net=" + netnsPath);
        psi.ArgumentList.Add("--");
        if (filesDir is not null)
        {
            foreach (var a in new[] { "unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount --bind \"$0/resolv.conf\" /etc/resolv.conf && mount --bind \"$0/hosts\" /etc/hosts && exec \"$@\"", filesDir })
                psi.ArgumentList.Add(a);
        }
        psi.ArgumentList.Add("timeout");
        psi.ArgumentList.Add("10");
        foreach (var a in argv) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    /// <summary>An HTTP GET from inside a container; the body, or null when it failed.</summary>
    public string? Get(string netnsPath, string? filesDir, string url, int timeoutSeconds = 3)
    {
        var (code, output, _) = Run(netnsPath, filesDir, "timeout", timeoutSeconds.ToString(), "busybox", "wget", "-q", "-O", "-", url);
        return code == 0 ? output : null;
    }

    /// <summary>
    /// An "outside" host: a namespace on a veth pair to the host (host end gets .1, namespace end .2 of
    /// 10.X.<paramref name="third"/>.0/30), default route via the host. Returns its path.
    /// </summary>
    public string CreateOutsideHost(int third, string name)
    {
        string path = Path.Combine(Root, "outside-" + name);
        using var ns = NetworkNamespace.Create(path);
        _outsideNamespaces.Add(path);
        using var host = RouteNetlink.Open();
        string hostEnd = Prefix + "o" + name;
        int index = host.CreateVethPair(new VethPairRequest { Name = hostEnd, PeerName = "eth0", PeerNamespace = ns.Handle });
        host.AddAddress(index, IPAddress.Parse(Address(third, 1)), 30);
        using var inside = ns.OpenRouteNetlink();
        var eth0 = inside.GetLink("eth0");
        inside.AddAddress(eth0.Index, IPAddress.Parse(Address(third, 2)), 30);
        inside.SetUp(eth0.Index);
        inside.SetUp(inside.GetLink("lo").Index);
        inside.AddRoute(new IPNetwork(IPAddress.Any, 0), IPAddress.Parse(Address(third, 1)), eth0.Index);
        return path;
    }

    /// <summary>An HTTP GET from the host; the body, or null when it failed.</summary>
    public static string? HostGet(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try { return http.GetStringAsync(url).GetAwaiter().GetResult(); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return null; }
    }

    public static bool LinkExists(string name)
    {
        using var nl = RouteNetlink.Open();
        return nl.FindLink(name) is not null;
    }

    public string ListTable()
    {
        try { return Nftables.Query($"list table inet {Prefix}"); }
        catch (NftablesException) { return ""; }
    }

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); p.WaitForExit(2000); } catch (InvalidOperationException) { }
            p.Dispose();
        }
        _manager?.Dispose();
        Upstream.Dispose();
        using (var nl = RouteNetlink.Open())
        {
            foreach (var link in nl.ListLinks().Where(l => l.Name.StartsWith(Prefix, StringComparison.Ordinal))) nl.TryDeleteLink(link.Index, out _);
        }
        try { Nftables.Apply($"table inet {Prefix} {{}}\ndelete table inet {Prefix}\n"); } catch (NftablesException) { }
        Process.Start("sh", ["-c", $"iptables -w -t filter -S 2>/dev/null | grep -- '--comment {Prefix}' | sed 's/^-A/-D/' | while read -r r; do eval iptables -w -t filter $r; done"])?.WaitForExit();
        string netnsDir = Path.Combine(RunDir, "netns");
        if (Directory.Exists(netnsDir))
        {
            foreach (var f in Directory.EnumerateFiles(netnsDir)) NetworkNamespace.Delete(f);
            Process.Start("umount", ["-l", netnsDir])?.WaitForExit();
        }
        foreach (var f in _outsideNamespaces) NetworkNamespace.Delete(f);
        File.WriteAllText("/proc/sys/net/ipv4/ip_forward", _ipForward);
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A DNS server on 127.0.0.1 standing in for the host's resolvers: answers *.test with 10.99.99.99.</summary>
public sealed class FakeUpstreamDns : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    public IPEndPoint EndPoint { get; }
    public int Queries;

    public FakeUpstreamDns()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _ = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        var buffer = new byte[1500];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var got = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                Interlocked.Increment(ref Queries);
                var q = DnsMessage.Parse(buffer.AsSpan(0, got.ReceivedBytes));
                var r = q.CreateResponse(q.Questions[0].Name.EndsWith(".test") ? DnsRcode.NoError : DnsRcode.NxDomain);
                if (q.Questions[0].Name.EndsWith(".test") && q.Questions[0].Type == DnsType.A)
                    r.Answers.Add(DnsRecord.Address(q.Questions[0].Name, IPAddress.Parse("10.99.99.99"), 30));
                await _socket.SendToAsync(r.Encode(), SocketFlags.None, got.RemoteEndPoint);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (Exception) { }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
    }
}
