using Berth.Cli.Parsing;

namespace Berth.Cli.Client;

/// <summary>Where the daemon listens: "unix:///run/berth/berth.sock" or "tcp://host:port".</summary>
public sealed class DaemonEndpoint
{
    public const string DefaultHost = "unix:///run/berth/berth.sock";

    private DaemonEndpoint(string url, bool isUnix, string address, int port)
    {
        Url = url;
        IsUnix = isUnix;
        Address = address;
        Port = port;
    }

    /// <summary>The normalised URL as printed in messages ("unix:///run/berth/berth.sock").</summary>
    public string Url { get; }
    public bool IsUnix { get; }
    /// <summary>The socket path, or the TCP host name.</summary>
    public string Address { get; }
    public int Port { get; }

    /// <summary>The Host header the docker client sends ("api.moby.localhost" over unix sockets).</summary>
    public string HostHeader => IsUnix ? "api.moby.localhost" : (Address.Contains(':') ? $"[{Address}]:{Port}" : $"{Address}:{Port}");

    /// <summary>Parses a host the way docker's opts.ParseHost does; throws CliException with docker's messages.</summary>
    public static DaemonEndpoint Parse(string value)
    {
        string host = value.Trim();
        if (host.Length == 0) host = DefaultHost;
        string proto, rest;
        int sep = host.IndexOf("://", StringComparison.Ordinal);
        if (sep < 0)
        {
            proto = "tcp";
            rest = host;
        }
        else
        {
            proto = host[..sep];
            rest = host[(sep + 3)..];
        }
        switch (proto)
        {
            case "unix":
                if (rest.Contains("://")) throw new CliException($"invalid proto, expected unix: {rest}");
                if (rest.Length == 0) rest = "/run/berth/berth.sock";
                return new DaemonEndpoint("unix://" + rest, true, rest, 0);
            case "tcp":
            {
                if (rest.Contains("://") ) throw new CliException($"invalid proto, expected tcp: {value}");
                string hostPart = rest;
                string path = "";
                int slash = hostPart.IndexOf('/');
                if (slash >= 0)
                {
                    path = hostPart[slash..];
                    hostPart = hostPart[..slash];
                }
                string name;
                string portText;
                if (hostPart.StartsWith('['))
                {
                    int close = hostPart.IndexOf(']');
                    if (close < 0) throw new CliException($"invalid bind address format: {value}");
                    name = hostPart[1..close];
                    portText = close + 1 < hostPart.Length && hostPart[close + 1] == ':' ? hostPart[(close + 2)..] : "";
                }
                else
                {
                    int colon = hostPart.LastIndexOf(':');
                    if (colon >= 0)
                    {
                        name = hostPart[..colon];
                        portText = hostPart[(colon + 1)..];
                    }
                    else
                    {
                        name = hostPart;
                        portText = "";
                    }
                }
                if (name.Length == 0) name = "localhost";
                if (portText.Length == 0) portText = "2375";
                if (!int.TryParse(portText, out int port) || port <= 0 || port > 65535)
                    throw new CliException($"invalid bind address format: {value}");
                string shown = name.Contains(':') ? $"[{name}]:{port}" : $"{name}:{port}";
                return new DaemonEndpoint("tcp://" + shown + path, false, name, port);
            }
            case "ssh":
                throw new CliException($"ssh:// hosts are not supported by berth: {value}");
            case "fd":
            case "npipe":
                throw new CliException($"{proto}:// hosts are not supported by berth: {value}");
            default:
                throw new CliException($"invalid bind address format: {value}");
        }
    }
}
