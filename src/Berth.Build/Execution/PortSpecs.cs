using System.Globalization;

namespace Berth.Build.Execution;

/// <summary>EXPOSE values: "80", "80/udp", "8000-8002/tcp" → "80/tcp"… (go-connections' ParsePortSpecs for container ports).</summary>
internal static class PortSpecs
{
    public static IEnumerable<string> Parse(string raw)
    {
        string port = raw, proto = "tcp";
        int slash = raw.IndexOf('/');
        if (slash >= 0)
        {
            port = raw[..slash];
            if (slash + 1 < raw.Length) proto = raw[(slash + 1)..];
        }
        // "ip:hostport:containerport" forms make no sense for EXPOSE; the container port is the last part.
        int colon = port.LastIndexOf(':');
        if (colon >= 0) port = port[(colon + 1)..];
        if (proto is not ("tcp" or "udp" or "sctp")) throw BuildException.Invalid($"invalid proto: {proto}");
        int dash = port.IndexOf('-');
        int start = ParsePort(dash < 0 ? port : port[..dash], raw);
        int end = dash < 0 ? start : ParsePort(port[(dash + 1)..], raw);
        if (end < start) throw BuildException.Invalid($"Invalid range specified for container port: {raw}");
        for (int p = start; p <= end; p++) yield return p.ToString(CultureInfo.InvariantCulture) + "/" + proto;
    }

    private static int ParsePort(string s, string raw)
    {
        if (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p > 65535)
            throw BuildException.Invalid($"Invalid containerPort: {raw}");
        return p;
    }
}
