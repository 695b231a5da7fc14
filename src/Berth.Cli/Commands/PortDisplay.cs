using System.Globalization;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>docker's DisplayablePorts: "0.0.0.0:8080->80/tcp, 443/tcp", ranges grouped ("8000-8002/tcp").</summary>
public static class PortDisplay
{
    private sealed class Group(ulong first)
    {
        public ulong First = first;
        public ulong Last = first;
    }

    public static string Format(IEnumerable<GoStruct> portsIn)
    {
        var ports = portsIn.ToList();
        ports.Sort((a, b) =>
        {
            int c = ((ulong)a.Int("PrivatePort")).CompareTo((ulong)b.Int("PrivatePort"));
            if (c != 0) return c;
            c = string.CompareOrdinal(a.Str("IP"), b.Str("IP"));
            if (c != 0) return c;
            c = ((ulong)a.Int("PublicPort")).CompareTo((ulong)b.Int("PublicPort"));
            if (c != 0) return c;
            return string.CompareOrdinal(a.Str("Type"), b.Str("Type"));
        });
        var groupMap = new Dictionary<string, Group>(StringComparer.Ordinal);
        var result = new List<string>();
        var hostMappings = new List<string>();
        var keys = new List<string>();
        foreach (var port in ports)
        {
            ulong current = (ulong)port.Int("PrivatePort");
            string portKey = port.Str("Type");
            if (port.Str("IP").Length > 0)
            {
                if ((ulong)port.Int("PublicPort") != current)
                {
                    hostMappings.Add($"{JoinHostPort(port.Str("IP"), port.Int("PublicPort").ToString(CultureInfo.InvariantCulture))}->{port.Int("PrivatePort")}/{port.Str("Type")}");
                    continue;
                }
                portKey = port.Str("IP") + "/" + port.Str("Type");
            }
            if (!groupMap.TryGetValue(portKey, out var group))
            {
                groupMap[portKey] = new Group(current);
                keys.Add(portKey);
                continue;
            }
            if (current == group.Last + 1)
            {
                group.Last = current;
                continue;
            }
            result.Add(FormGroup(portKey, group.First, group.Last));
            groupMap[portKey] = new Group(current);
        }
        foreach (var key in keys)
        {
            var g = groupMap[key];
            result.Add(FormGroup(key, g.First, g.Last));
        }
        result.AddRange(hostMappings);
        return string.Join(", ", result);
    }

    private static string FormGroup(string key, ulong start, ulong last)
    {
        var parts = key.Split('/');
        string groupType = parts[0];
        string ip = "";
        if (parts.Length > 1)
        {
            ip = parts[0];
            groupType = parts[1];
        }
        string group = start.ToString(CultureInfo.InvariantCulture);
        if (start != last) group = $"{group}-{last}";
        if (ip.Length > 0) group = $"{JoinHostPort(ip, group)}->{group}";
        return group + "/" + groupType;
    }

    public static string JoinHostPort(string host, string port) => host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";
}
