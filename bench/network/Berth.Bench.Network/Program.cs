// Network benchmark: connection rate and throughput through Berth's published ports (nftables DNAT) against
// Docker's userland proxy (docker-proxy, run alone on the same container address), container-to-container
// throughput, and the cost of setting up a container's network. Traffic stays on loopback, the host's own
// addresses and the namespaces this program creates; everything is removed at the end.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Berth.Linux.Namespaces;
using Berth.Linux.Netlink;
using Berth.Network;
using Berth.Network.Ipam;
using Berth.Network.Ports;

int seconds = ArgInt("--seconds", 5);
int concurrency = ArgInt("--concurrency", 8);
int setupRuns = ArgInt("--setup-runs", 30);
string prefix = "bb" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
string root = Path.Combine(Path.GetTempPath(), "berth-bench-" + prefix);
Directory.CreateDirectory(root);
File.WriteAllText(Path.Combine(root, "resolv.conf"), "nameserver 127.0.0.1\n");
int octet = 230 + RandomNumberGenerator.GetInt32(20);
string ipForward = File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim();
var processes = new List<Process>();
var options = new NetworkManagerOptions
{
    DataDir = Path.Combine(root, "data"), RunDir = Path.Combine(root, "run"), Tag = prefix,
    DefaultBridgeName = prefix + "b0", BridgeNamePrefix = prefix + "n", VethNamePrefix = prefix + "v",
    DefaultBridgePools = [new AddressPool(IPNetwork.Parse($"10.{octet}.0.0/24"), 24)],
    DefaultAddressPools = [new AddressPool(IPNetwork.Parse($"10.{octet}.128.0/17"), 24)],
    HostResolvConfPath = Path.Combine(root, "resolv.conf"), DnsUpstreams = [new IPEndPoint(IPAddress.Loopback, 9)],
};
var report = new List<string>();
void Report(string line) { Console.WriteLine(line); report.Add(line); }
NetworkManager? m = null;
try
{
    var sw = Stopwatch.StartNew();
    m = NetworkManager.Start(options, []);
    Report($"manager start (reconcile, default bridge, nft table): {sw.Elapsed.TotalMilliseconds:F1} ms");
    var net = m.CreateNetwork(new NetworkCreateOptions { Name = "bench", Ipam = [new IpamConfig($"10.{octet}.1.0/24")] });
    Report($"libnftables in-process: {Nftables.UsesLibrary}");

    // ---- setup cost ----
    Measure("sandbox only (netns + lo), like --network none", id => m.CreateSandbox(id, new SandboxOptions { ContainerName = id[..8] }), id => m.DeleteSandbox(id));
    Measure("sandbox + connect default bridge", id => { m.CreateSandbox(id, new SandboxOptions { ContainerName = id[..8] }); m.Connect(id, "bridge"); }, id => m.DeleteSandbox(id));
    Measure("sandbox + connect user network (with embedded DNS)", id => { m.CreateSandbox(id, new SandboxOptions { ContainerName = id[..8] }); m.Connect(id, "bench"); }, id => m.DeleteSandbox(id));
    Measure("sandbox + connect default bridge + 1 published port", id => { m.CreateSandbox(id, new SandboxOptions { ContainerName = id[..8], PortBindings = PortSpec.Parse("80") }); m.Connect(id, "bridge"); }, id => m.DeleteSandbox(id));

    void Measure(string what, Action<string> setup, Action<string> teardown)
    {
        var up = new List<double>();
        var down = new List<double>();
        for (int i = 0; i < setupRuns + 3; i++)
        {
            string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var t = Stopwatch.StartNew();
            setup(id);
            double a = t.Elapsed.TotalMilliseconds;
            t.Restart();
            teardown(id);
            double b = t.Elapsed.TotalMilliseconds;
            if (i >= 3) { up.Add(a); down.Add(b); }
        }
        Report($"setup: {what}: median {Median(up):F2} ms (p90 {P90(up):F2}), teardown median {Median(down):F2} ms");
    }

    // ---- servers in a container ----
    var srv = m.CreateSandbox(new string('a', 64), new SandboxOptions { ContainerName = "srv", PortBindings = [.. PortSpec.Parse("8080"), .. PortSpec.Parse("9000")] });
    var srvEp = m.Connect(srv.ContainerId, "bench");
    var cli = m.CreateSandbox(new string('b', 64), new SandboxOptions { ContainerName = "cli" });
    m.Connect(cli.ContainerId, "bench");
    using var srvNs = NetworkNamespace.Open(srv.NetnsPath);
    using var cliNs = NetworkNamespace.Open(cli.NetnsPath);
    var http = srvNs.Run(() => Listen(8080));
    var sink = srvNs.Run(() => Listen(9000));
    _ = Task.Run(() => ServeHttp(http));
    _ = Task.Run(() => ServeSink(sink));
    int httpPort = m.GetSandbox(srv.ContainerId)!.Ports[0].HostPort, sinkPort = m.GetSandbox(srv.ContainerId)!.Ports[1].HostPort;
    var containerIp = IPAddress.Parse(srvEp.IPv4Address!);
    var gateway = IPAddress.Parse(srvEp.IPv4Gateway!);

    // docker-proxy, Docker's userland proxy, on the same container address.
    int proxyHttp = FreePort(), proxySink = FreePort();
    StartProxy(proxyHttp, 8080);
    StartProxy(proxySink, 9000);
    Thread.Sleep(300);

    Report($"connections/s, {concurrency} concurrent, {seconds} s each, HTTP/1.0 request + 2-byte answer per connection:");
    double direct = await ConnRate(new IPEndPoint(containerIp, 8080));
    double viaLo = await ConnRate(new IPEndPoint(IPAddress.Loopback, httpPort));
    double viaHost = await ConnRate(new IPEndPoint(gateway, httpPort));
    double viaProxy = await ConnRate(new IPEndPoint(IPAddress.Loopback, proxyHttp));
    Report($"  container address directly (floor):       {direct,10:F0}");
    Report($"  Berth 127.0.0.1:port (nft DNAT):          {viaLo,10:F0}");
    Report($"  Berth host address:port (nft DNAT):       {viaHost,10:F0}");
    Report($"  docker-proxy 127.0.0.1:port (userland):   {viaProxy,10:F0}");
    Report($"  ratio Berth 127.0.0.1 / docker-proxy:     {viaLo / viaProxy,10:F2}x");

    Report($"TCP throughput, 1 stream, {seconds} s, 256 KiB writes:");
    double c2c = await Throughput(() => cliNs.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)), new IPEndPoint(containerIp, 9000));
    double tLo = await Throughput(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), new IPEndPoint(IPAddress.Loopback, sinkPort));
    double tProxy = await Throughput(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), new IPEndPoint(IPAddress.Loopback, proxySink));
    Report($"  container to container (same bridge):     {c2c,10:F0} MB/s");
    Report($"  host to Berth 127.0.0.1:port (DNAT):      {tLo,10:F0} MB/s");
    Report($"  host to docker-proxy 127.0.0.1:port:      {tProxy,10:F0} MB/s");
    Report($"  ratio Berth DNAT / docker-proxy:          {tLo / tProxy,10:F2}x");
}
finally
{
    foreach (var p in processes) { try { p.Kill(); p.WaitForExit(); } catch (InvalidOperationException) { } }
    m?.Dispose();
    // Everything the bench made carries its prefix.
    using (var nl = RouteNetlink.Open())
        foreach (var l in nl.ListLinks().Where(l => l.Name.StartsWith(prefix, StringComparison.Ordinal))) nl.TryDeleteLink(l.Index, out _);
    try { Nftables.Apply($"table inet {prefix} {{}}\ndelete table inet {prefix}\n"); } catch (NftablesException) { }
    string netnsDir = Path.Combine(root, "run", "netns");
    if (Directory.Exists(netnsDir))
    {
        foreach (var f in Directory.EnumerateFiles(netnsDir)) NetworkNamespace.Delete(f);
        Process.Start("umount", ["-l", netnsDir])?.WaitForExit();
    }
    File.WriteAllText("/proc/sys/net/ipv4/ip_forward", ipForward);
    string results = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "bench", "results");
    try
    {
        Directory.CreateDirectory(results);
        File.WriteAllLines(Path.Combine(results, $"network-{DateTime.UtcNow:yyyyMMdd-HHmmss}.txt"), report);
    }
    catch (IOException) { }
    Directory.Delete(root, true);
}

void StartProxy(int hostPort, int containerPort)
{
    // docker-proxy reports readiness on fd 3 (a pipe from dockerd); give it one, or it closes its own listener.
    string ip = m!.GetSandbox(new string('a', 64))!.Endpoints[0].IPv4Address!;
    var psi = new ProcessStartInfo("sh", ["-c", $"exec /usr/sbin/docker-proxy -proto tcp -host-ip 127.0.0.1 -host-port {hostPort} -container-ip {ip} -container-port {containerPort} 3>/dev/null"]);
    processes.Add(Process.Start(psi)!);
}

async Task<double> ConnRate(IPEndPoint target)
{
    byte[] request = "GET / HTTP/1.0\r\n\r\n"u8.ToArray();
    long count = 0, errors = 0;
    var stop = DateTime.UtcNow.AddSeconds(seconds);
    var sw = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        var buf = new byte[256];
        while (DateTime.UtcNow < stop)
        {
            try
            {
                using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                s.LingerState = new LingerOption(true, 0);
                await s.ConnectAsync(target);
                await s.SendAsync(request);
                while (await s.ReceiveAsync(buf) > 0) { }
                Interlocked.Increment(ref count);
            }
            catch (SocketException) { Interlocked.Increment(ref errors); }
        }
    })));
    if (errors > 0) Console.WriteLine($"  ({errors} failed connections to {target})");
    return count / sw.Elapsed.TotalSeconds;
}

async Task<double> Throughput(Func<Socket> make, IPEndPoint target)
{
    using var s = make();
    await s.ConnectAsync(target);
    var buf = new byte[256 * 1024];
    long sent = 0;
    var sw = Stopwatch.StartNew();
    while (sw.Elapsed.TotalSeconds < seconds) sent += await s.SendAsync(buf);
    s.Shutdown(SocketShutdown.Send);
    return sent / sw.Elapsed.TotalSeconds / 1e6;
}

static Socket Listen(int port)
{
    var l = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    l.Bind(new IPEndPoint(IPAddress.Any, port));
    l.Listen(4096);
    return l;
}

static async Task ServeHttp(Socket listener)
{
    byte[] answer = "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray();
    while (true)
    {
        var c = await listener.AcceptAsync();
        _ = Task.Run(async () =>
        {
            using (c)
            {
                try
                {
                    var buf = new byte[1024];
                    await c.ReceiveAsync(buf);
                    await c.SendAsync(answer);
                    c.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException) { }
            }
        });
    }
}

static async Task ServeSink(Socket listener)
{
    while (true)
    {
        var c = await listener.AcceptAsync();
        _ = Task.Run(async () =>
        {
            using (c)
            {
                var buf = new byte[1024 * 1024];
                try { while (await c.ReceiveAsync(buf) > 0) { } } catch (SocketException) { }
            }
        });
    }
}

static int FreePort()
{
    using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    return ((IPEndPoint)s.LocalEndPoint!).Port;
}

static double Median(List<double> v) { var s = v.OrderBy(x => x).ToList(); return s[s.Count / 2]; }
static double P90(List<double> v) { var s = v.OrderBy(x => x).ToList(); return s[(int)(s.Count * 0.9)]; }

int ArgInt(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out int v) ? v : fallback;
}
