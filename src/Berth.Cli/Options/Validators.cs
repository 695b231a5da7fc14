using System.Net;
using System.Text.RegularExpressions;
using Berth.Cli.Formatting;
using Berth.Cli.Parsing;

namespace Berth.Cli.Options;

/// <summary>docker's opts validators: the same acceptance rules and error texts, run when the flag is parsed.</summary>
public static partial class Validators
{
    public static string Env(string val)
    {
        int eq = val.IndexOf('=');
        string key = eq < 0 ? val : val[..eq];
        if (key.Length == 0) throw new FlagValueException("invalid environment variable: " + val);
        if (eq >= 0) return val;
        string? env = Environment.GetEnvironmentVariable(key);
        return env is not null ? key + "=" + env : val;
    }

    public static string Label(string value)
    {
        int eq = value.IndexOf('=');
        string key = (eq < 0 ? value : value[..eq]).TrimStart(' ', '\t');
        if (key.Length == 0) throw new FlagValueException($"invalid label '{value}': empty name");
        if (key.IndexOfAny([' ', '\t']) >= 0) throw new FlagValueException($"label '{key}' contains whitespaces");
        return value;
    }

    /// <summary>net.ParseIP: dotted IPv4 or IPv6; returns Go's canonical text.</summary>
    public static bool TryParseIp(string s, out string canonical)
    {
        canonical = "";
        if (s.Contains(':'))
        {
            if (s.Contains('%') || !IPAddress.TryParse(s, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return false;
            canonical = v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4().ToString() : v6.ToString();
            return true;
        }
        var parts = s.Split('.');
        if (parts.Length != 4) return false;
        foreach (var p in parts)
        {
            if (p.Length == 0 || p.Length > 3 || !p.All(char.IsAsciiDigit) || int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) > 255) return false;
            if (p.Length > 1 && p[0] == '0') return false;
        }
        canonical = string.Join(".", parts.Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)));
        return true;
    }

    public static string IpAddress(string val) =>
        TryParseIp(val.Trim(), out var ip) ? ip : throw new FlagValueException($"IP address is not correctly formatted: {val}");

    [GeneratedRegex(@"^(:?(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9]))(:?\.(:?[a-zA-Z0-9]|(:?[a-zA-Z0-9][a-zA-Z0-9\-]*[a-zA-Z0-9])))*)\.?\s*$")]
    private static partial Regex DomainRegex();

    public static string DnsSearch(string val)
    {
        val = val.Trim(' ');
        if (val == ".") return val;
        if (!val.Any(char.IsAsciiLetter)) throw new FlagValueException($"{val} is not a valid domain");
        var m = DomainRegex().Match(val);
        if (m.Success && m.Groups[1].Value.Length < 255) return m.Groups[1].Value;
        throw new FlagValueException($"{val} is not a valid domain");
    }

    public static string ExtraHost(string val)
    {
        int sep = val.IndexOf('=');
        if (sep < 0) sep = val.IndexOf(':');
        string k = sep < 0 ? val : val[..sep];
        string v = sep < 0 ? "" : val[(sep + 1)..];
        if (sep < 0 || k.Length == 0 || k.Contains(':')) throw new FlagValueException($"bad format for add-host: {GoStrings.Quote(val)}");
        if (v != "host-gateway")
        {
            if (v.Length > 2 && v[0] == '[' && v[^1] == ']') v = v[1..^1];
            if (!TryParseIp(v.Trim(), out _)) throw new FlagValueException($"invalid IP address in add-host: {GoStrings.Quote(v)}");
        }
        return k + ":" + v;
    }

    public static string Link(string val)
    {
        if (val.Length == 0) throw new FlagValueException("empty string specified for links");
        if (val.Split(':').Length > 2) throw new FlagValueException("bad format for links: " + val);
        return val;
    }

    private static readonly HashSet<string> SysctlNames =
        ["kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"];

    public static string Sysctl(string val)
    {
        int eq = val.IndexOf('=');
        string k = eq < 0 ? val : val[..eq];
        if (eq < 0 || k.Length == 0) throw new FlagValueException($"sysctl '{val}' is not allowed");
        if (SysctlNames.Contains(k) || k.StartsWith("net.", StringComparison.Ordinal) || k.StartsWith("fs.mqueue.", StringComparison.Ordinal)) return val;
        throw new FlagValueException($"sysctl '{val}' is not allowed");
    }

    public static string Attach(string val)
    {
        string s = val.ToLowerInvariant();
        if (s is "stdin" or "stdout" or "stderr") return s;
        throw new FlagValueException("valid streams are STDIN, STDOUT and STDERR");
    }

    [GeneratedRegex(@"^[acb] ([0-9]+|\*):([0-9]+|\*) [rwm]{1,3}$")]
    private static partial Regex DeviceCgroupRuleRegex();

    public static string DeviceCgroupRule(string val) =>
        DeviceCgroupRuleRegex().IsMatch(val) ? val : throw new FlagValueException($"invalid device cgroup format '{val}'");

    public static string WeightDevice(string val)
    {
        int colon = val.IndexOf(':');
        if (colon <= 0) throw new FlagValueException($"bad format: {val}");
        if (!val.StartsWith("/dev/", StringComparison.Ordinal)) throw new FlagValueException($"bad format for device path: {val}");
        if (!ulong.TryParse(val[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong w) || w > 65535
            || (w > 0 && (w < 10 || w > 1000)))
            throw new FlagValueException($"invalid weight for device: {val}");
        return val;
    }

    public static string ThrottleBps(string val)
    {
        int colon = val.IndexOf(':');
        if (colon <= 0) throw new FlagValueException($"bad format: {val}");
        if (!val.StartsWith("/dev/", StringComparison.Ordinal)) throw new FlagValueException($"bad format for device path: {val}");
        try
        {
            if (Units.RamInBytes(val[(colon + 1)..]) < 0) throw new FlagValueException("negative");
        }
        catch (FlagValueException)
        {
            throw new FlagValueException($"invalid rate for device: {val}. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb");
        }
        return val;
    }

    public static string ThrottleIops(string val)
    {
        int colon = val.IndexOf(':');
        if (colon <= 0) throw new FlagValueException($"bad format: {val}");
        if (!val.StartsWith("/dev/", StringComparison.Ordinal)) throw new FlagValueException($"bad format for device path: {val}");
        if (!ulong.TryParse(val[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            throw new FlagValueException($"invalid rate for device: {val}. The correct format is <device-path>:<number>. Number must be a positive integer");
        return val;
    }

    /// <summary>NetworkOpt.Set: "name" or "name=x,alias=y,ip=...".</summary>
    public static string Network(string value)
    {
        NetworkAttachment.Parse(value);
        return value;
    }

    public static string Mount(string value)
    {
        MountSpec.Parse(value);
        return value;
    }

    public static string Gpus(string value)
    {
        GpuRequest.Parse(value);
        return value;
    }
}
