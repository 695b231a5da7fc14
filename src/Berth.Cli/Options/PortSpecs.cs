using System.Globalization;
using Berth.Cli.Parsing;
using Berth.Cli.Values;

namespace Berth.Cli.Options;

/// <summary>go-connections/nat: "-p [ip:][hostPort:]containerPort[/proto]" into exposed ports and bindings.</summary>
public static class PortSpecs
{
    public static (string Proto, string Port) SplitProtoPort(string raw)
    {
        var parts = raw.Split('/');
        if (raw.Length == 0 || parts.Length == 0 || parts[0].Length == 0) return ("", "");
        if (parts.Length == 1) return ("tcp", raw);
        if (parts[1].Length == 0) return ("tcp", parts[0]);
        return (parts[1], parts[0]);
    }

    public static (ulong Start, ulong End) ParsePortRange(string ports)
    {
        if (ports.Length == 0) throw new FlagValueException("empty string specified for ports");
        if (!ports.Contains('-'))
        {
            ulong p = ParseU16(ports);
            return (p, p);
        }
        var parts = ports.Split('-');
        ulong start = ParseU16(parts[0]);
        ulong end = ParseU16(parts[1]);
        if (end < start) throw new FlagValueException($"invalid range specified for port: {ports}");
        return (start, end);
    }

    private static ulong ParseU16(string s)
    {
        if (s.Length > 0 && s.All(char.IsAsciiDigit) && ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) && v <= 65535)
            return v;
        throw new FlagValueException($"strconv.ParseUint: parsing {Formatting.GoStrings.Quote(s)}: invalid syntax");
    }

    /// <summary>docker's convertToStandardNotation: "published=8080,target=80,protocol=udp" into "8080:80/udp".</summary>
    public static List<string> ToStandardNotation(IEnumerable<string> ports)
    {
        var result = new List<string>();
        foreach (var publish in ports)
        {
            if (!publish.Contains('='))
            {
                result.Add(publish);
                continue;
            }
            var p = new Dictionary<string, string> { ["protocol"] = "tcp" };
            foreach (var param in publish.Split(','))
            {
                int eq = param.IndexOf('=');
                if (eq <= 0) throw new CliException($"invalid publish opts format (should be name=value but got '{param}')");
                p[param[..eq]] = param[(eq + 1)..];
            }
            result.Add($"{p.GetValueOrDefault("published", "")}:{p.GetValueOrDefault("target", "")}/{p["protocol"]}");
        }
        return result;
    }

    /// <summary>nat.ParsePortSpecs: exposed ports (map[string]struct{}) and bindings (map[string][]PortBinding).</summary>
    public static (GoMap Exposed, GoMap Bindings) Parse(IEnumerable<string> specs)
    {
        var exposed = GoMap.EmptyOf(GoType.NewStruct("struct {}"));
        var bindings = GoMap.EmptyOf(GoType.SliceOf(GoSchema.Get("nat.PortBinding")));
        foreach (var raw in specs)
        {
            foreach (var (port, binding) in ParseOne(raw))
            {
                if (exposed.Get(port) is null) exposed.Set(port, GoZero.Of(GoType.NewStruct("struct {}")));
                if (bindings.Get(port) is not GoSlice list)
                {
                    list = GoSlice.Empty(GoSchema.Get("nat.PortBinding"));
                    bindings.Set(port, list);
                }
                list.Items!.Add(binding);
            }
        }
        return (exposed, bindings);
    }

    private static List<(string, GoStruct)> ParseOne(string rawPort)
    {
        var parts = rawPort.Split(':');
        int n = parts.Length;
        string ip, hostPort, containerPort = parts[n - 1];
        switch (n)
        {
            case 1: ip = ""; hostPort = ""; break;
            case 2: ip = ""; hostPort = parts[0]; break;
            case 3: ip = parts[0]; hostPort = parts[1]; break;
            default: ip = string.Join(":", parts[..(n - 2)]); hostPort = parts[n - 2]; break;
        }
        var (proto, port) = SplitProtoPort(containerPort);
        containerPort = port;
        if (ip.Length > 0 && ip[0] == '[')
        {
            int close = ip.IndexOf(']');
            if (close < 0 || close != ip.Length - 1) throw new CliException($"invalid IP address {ip}: address {ip}:: missing ']' in address");
            ip = ip[1..close];
        }
        if (ip.Length > 0 && !Validators.TryParseIp(ip, out _)) throw new CliException($"invalid IP address: {ip}");
        if (containerPort.Length == 0) throw new CliException($"no port specified: {rawPort}<empty>");
        ulong startPort, endPort;
        try
        {
            (startPort, endPort) = ParsePortRange(containerPort);
        }
        catch (FlagValueException)
        {
            throw new CliException($"invalid containerPort: {containerPort}");
        }
        ulong startHost = 0, endHost = 0;
        if (hostPort.Length > 0)
        {
            try
            {
                (startHost, endHost) = ParsePortRange(hostPort);
            }
            catch (FlagValueException)
            {
                throw new CliException($"invalid hostPort: {hostPort}");
            }
        }
        if (hostPort.Length > 0 && endPort - startPort != endHost - startHost && endPort != startPort)
            throw new CliException($"invalid ranges specified for container and host Ports: {containerPort} and {hostPort}");
        if (proto.ToLowerInvariant() is not ("tcp" or "udp" or "sctp")) throw new CliException($"invalid proto: {proto}");
        var result = new List<(string, GoStruct)>();
        for (ulong i = 0; i <= endPort - startPort; i++)
        {
            string cp = (startPort + i).ToString(CultureInfo.InvariantCulture);
            string hp = hostPort;
            if (hostPort.Length > 0) hp = (startHost + i).ToString(CultureInfo.InvariantCulture);
            if (startPort == endPort && startHost != endHost) hp = $"{hp}-{endHost}";
            var binding = GoSchema.New("nat.PortBinding");
            binding["HostIP"] = ip;
            binding["HostPort"] = hp;
            result.Add(($"{cp}/{proto.ToLowerInvariant()}", binding));
        }
        return result;
    }
}
