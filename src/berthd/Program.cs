using Berth.Api;
using Berth.Engine;
using Microsoft.Extensions.Logging;

namespace Berth.Daemon;

internal static class Program
{
    private const string Usage = """
        Usage:  berthd [OPTIONS]

        The Berth container engine daemon: serves the Docker Engine API.

        Options:
              --config-file string           Daemon configuration file (default "/etc/berth/daemon.json")
              --data-root string             Root directory of persistent state (default "/var/lib/berth")
              --exec-root string             Root directory for execution state files (default "/run/berth")
          -H, --host list                    Daemon socket(s) to connect to (default unix:///run/berth/berth.sock)
          -G, --group string                 Group for the unix socket (default "berth")
              --insecure-registry list       Registries reachable over plain HTTP
              --bip string                   Address and prefix of the default bridge
          -b, --bridge string                Linux bridge of the default network (default "berth0")
              --default-address-pool list    Address pools for networks
              --bin-dir string               Directory with berth-shim (default: the daemon's own)
              --spare-shim                   Keep one shim started ahead of the next container (default true)
          -D, --debug                        Debug logging
          -v, --version                      Print version information and quit
        """;

    private static async Task<int> Main(string[] args)
    {
        DaemonOptions options;
        try
        {
            options = DaemonConfig.Parse(args, out bool help, out bool version);
            if (help) { Console.WriteLine(Usage); return 0; }
            if (version) { Console.WriteLine($"Berth version {EngineInfo.Version}, build {EngineInfo.GitCommit}"); return 0; }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"berthd: {e.Message}");
            return 125;
        }

        using var loggers = LoggerFactory.Create(b => b.AddFilter("Microsoft", LogLevel.Warning).AddProvider(new StderrLoggerProvider(options.Debug ? LogLevel.Debug : LogLevel.Information)).SetMinimumLevel(LogLevel.Trace));
        var log = loggers.CreateLogger("berthd");
        using var stop = new CancellationTokenSource();
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        try
        {
            await using var engine = new BerthEngine(options, loggers);
            await engine.StartAsync(stop.Token);
            log.LogInformation("berthd {Version} starting: data-root {DataRoot}, exec-root {ExecRoot}", EngineInfo.Version, options.DataRoot, options.ExecRoot);
            await new ApiServer(engine, loggers).RunAsync(options.Hosts, stop.Token);
            log.LogInformation("berthd stopping; running containers keep running (live restore)");
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogCritical("{Message}", e.Message);
            if (options.Debug) log.LogDebug("{Exception}", e.ToString());
            return 1;
        }
    }
}
