using Berth.Cli.Client;
using Berth.Cli.Config;
using Berth.Linux.Terminal;

namespace Berth.Cli;

/// <summary>
/// What every command uses (docker's DockerCli): output writers, terminal facts, environment, the client
/// configuration file and the daemon client, both created on first use so that offline commands stay fast.
/// </summary>
public sealed class CliContext : IDisposable
{
    private DaemonClient? _client;
    private ConfigFile? _config;

    public CliContext(CliIO io, GlobalOptions options)
    {
        IO = io;
        Options = options;
        Out = new StreamWriter(io.StdoutStream, CliIO.Utf8, 16384) { AutoFlush = false, NewLine = "\n" };
        Err = new StreamWriter(io.StderrStream, CliIO.Utf8, 4096) { AutoFlush = true, NewLine = "\n" };
    }

    public const string Program = "berth";
    public CliIO IO { get; }
    public GlobalOptions Options { get; }
    public StreamWriter Out { get; }
    public StreamWriter Err { get; }

    public bool IsOutTerminal => IO.StdoutFd >= 0 && Tty.IsTerminal(IO.StdoutFd);
    public bool IsInTerminal => IO.StdinFd >= 0 && Tty.IsTerminal(IO.StdinFd);
    public bool IsErrTerminal => IO.StderrFd >= 0 && Tty.IsTerminal(IO.StderrFd);

    public string? Env(string name) => IO.GetEnv(name);

    /// <summary>The host from -H, BERTH_HOST, DOCKER_HOST or the default socket.</summary>
    public string HostUrl
    {
        get
        {
            if (Options.Hosts.Count > 1) throw new CliException("Specify only one -H");
            if (Options.Hosts.Count == 1) return Options.Hosts[0];
            string? h = Env("BERTH_HOST");
            if (!string.IsNullOrEmpty(h)) return h;
            h = Env("DOCKER_HOST");
            if (!string.IsNullOrEmpty(h)) return h;
            return DaemonEndpoint.DefaultHost;
        }
    }

    public DaemonClient Client => _client ??= new DaemonClient(DaemonEndpoint.Parse(HostUrl),
        Env("BERTH_API_VERSION") is { Length: > 0 } bv ? bv : Env("DOCKER_API_VERSION"));

    public ConfigFile Config => _config ??= ConfigFile.Load(ConfigDirectory);

    public string ConfigDirectory
    {
        get
        {
            if (!string.IsNullOrEmpty(Options.ConfigDir)) return Options.ConfigDir;
            string? d = Env("DOCKER_CONFIG");
            if (!string.IsNullOrEmpty(d)) return d;
            string home = Env("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(home, ".docker");
        }
    }

    public void Dispose()
    {
        try
        {
            Out.Flush();
        }
        catch (IOException)
        {
        }
        _client?.Dispose();
    }
}
