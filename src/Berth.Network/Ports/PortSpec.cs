using System.Net;

namespace Berth.Network.Ports;

/// <summary>The <c>-p</c> / <c>--publish</c> syntax: <c>[ip:][hostPort[-end]:]containerPort[-end][/tcp|udp|sctp]</c>.</summary>
public static class PortSpec
{
    public static IReadOnlyList<PortBinding> Parse(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw NetworkException.Invalid("invalid port spec: empty");
        var (rest, protocol) = SplitProtocol(spec, spec);
        IPAddress? hostIp = null;
        string hostPart = "", containerPart;

        // An IPv6 host address is bracketed: [::1]:8080:80.
        if (rest.StartsWith('['))
        {
            int close = rest.IndexOf(']');
            if (close < 0 || close + 1 >= rest.Length || rest[close + 1] != ':') throw NetworkException.Invalid($"invalid port spec: {spec}");
            if (!IPAddress.TryParse(rest[1..close], out hostIp)) throw NetworkException.Invalid($"invalid host ip in port spec: {spec}");
            rest = rest[(close + 2)..];
            int colon = rest.IndexOf(':');
            if (colon < 0) throw NetworkException.Invalid($"invalid port spec: {spec}");
            hostPart = rest[..colon];
            containerPart = rest[(colon + 1)..];
        }
        else
        {
            string[] parts = rest.Split(':');
            switch (parts.Length)
            {
                case 1: containerPart = parts[0]; break;
                case 2: hostPart = parts[0]; containerPart = parts[1]; break;
                case 3:
                    if (parts[0].Length > 0 && !TryParseHostIp(parts[0], out hostIp))
                        throw NetworkException.Invalid($"invalid host ip in port spec: {spec}");
                    hostPart = parts[1];
                    containerPart = parts[2];
                    break;
                default: throw NetworkException.Invalid($"invalid port spec: {spec}");
            }
        }

        var (cStart, cEnd) = ParseRange(containerPart, spec);
        if (hostPart.Length == 0)
        {
            var random = new List<PortBinding>();
            for (int p = cStart; p <= cEnd; p++) random.Add(new PortBinding(protocol, hostIp, 0, 0, p));
            return random;
        }
        var (hStart, hEnd) = ParseRange(hostPart, spec);
        int cCount = cEnd - cStart + 1, hCount = hEnd - hStart + 1;
        if (cCount == 1) return [new PortBinding(protocol, hostIp, hStart, hEnd, cStart)];
        if (hCount != cCount) throw NetworkException.Invalid($"invalid port spec {spec}: host and container port ranges differ in size");
        var list = new List<PortBinding>(cCount);
        for (int i = 0; i < cCount; i++) list.Add(new PortBinding(protocol, hostIp, hStart + i, hStart + i, cStart + i));
        return list;
    }

    /// <summary>A strict IPv4 address (four parts: IPAddress.TryParse also takes "1.2.3").</summary>
    private static bool TryParseHostIp(string text, out IPAddress? address)
    {
        address = null;
        if (text.Count(c => c == '.') != 3 || !IPAddress.TryParse(text, out var a)) return false;
        address = a;
        return true;
    }

    /// <summary><c>-P</c>: every exposed port ("80/tcp", "53/udp", "8080") to a random host port on every address.</summary>
    public static IReadOnlyList<PortBinding> PublishAll(IEnumerable<string> exposedPorts)
    {
        var list = new List<PortBinding>();
        foreach (var exposed in exposedPorts)
        {
            var (port, protocol) = SplitProtocol(exposed, exposed);
            var (start, end) = ParseRange(port, exposed);
            for (int p = start; p <= end; p++) list.Add(new PortBinding(protocol, null, 0, 0, p));
        }
        return list;
    }

    internal static (string Remainder, string Protocol) SplitProtocol(string text, string spec)
    {
        int slash = text.LastIndexOf('/');
        if (slash < 0) return (text, "tcp");
        string protocol = text[(slash + 1)..].ToLowerInvariant();
        if (protocol is not ("tcp" or "udp" or "sctp")) throw NetworkException.Invalid($"invalid protocol in port spec: {spec}");
        return (text[..slash], protocol);
    }

    internal static (int Start, int End) ParseRange(string text, string spec)
    {
        int dash = text.IndexOf('-');
        if (dash < 0)
        {
            int p = ParsePort(text, spec);
            return (p, p);
        }
        int start = ParsePort(text[..dash], spec), end = ParsePort(text[(dash + 1)..], spec);
        if (end < start) throw NetworkException.Invalid($"invalid port range in port spec: {spec}");
        return (start, end);
    }

    internal static int ParsePort(string text, string spec)
    {
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, null, out int port) || port < 1 || port > 65535)
            throw NetworkException.Invalid($"invalid port {(text.Length == 0 ? "\"\"" : text)} in port spec: {spec}");
        return port;
    }
}
