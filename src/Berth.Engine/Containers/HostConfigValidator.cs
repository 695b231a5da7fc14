using Berth.Engine.Errors;
using Berth.Engine.Model;

namespace Berth.Engine.Containers;

/// <summary>Checks a HostConfig before anything is created; messages follow Docker's where Docker has one.</summary>
public static class HostConfigValidator
{
    public const long MinimumMemory = 6 * 1024 * 1024;

    public static List<string> Validate(HostConfig hc, ContainerConfig config, int hostCpus)
    {
        var warnings = new List<string>();
        var rp = hc.RestartPolicy;
        string policy = rp?.Name ?? "";
        if (policy is not ("" or "no" or "always" or "unless-stopped" or "on-failure"))
            throw EngineException.Invalid($"invalid restart policy: unknown policy '{policy}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        if (rp?.MaximumRetryCount is > 0 && policy != "on-failure")
            throw EngineException.Invalid($"invalid restart policy: maximum retry count can only be used with 'on-failure'");
        if (rp?.MaximumRetryCount < 0)
            throw EngineException.Invalid("invalid restart policy: maximum retry count cannot be negative");
        if (hc.AutoRemove == true && policy is not ("" or "no"))
            throw EngineException.Invalid("can't create 'AutoRemove' container with restart policy");

        if (hc.Memory is > 0 and < MinimumMemory) throw EngineException.Invalid("Minimum memory limit allowed is 6MB");
        if (hc.Memory < 0) throw EngineException.Invalid("invalid memory limit: cannot be negative");
        if (hc.MemorySwap is > 0 && hc.Memory is > 0 && hc.MemorySwap < hc.Memory)
            throw EngineException.Invalid("Minimum memoryswap limit should be larger than memory limit, see usage");
        if (hc.MemorySwap is > 0 && (hc.Memory ?? 0) == 0)
            throw EngineException.Invalid("You should always set the Memory limit when using Memoryswap limit, see usage");
        if (hc.MemoryReservation is > 0 && hc.Memory is > 0 && hc.MemoryReservation > hc.Memory)
            throw EngineException.Invalid("Minimum memory limit can not be less than memory reservation limit, see usage");
        if (hc.MemorySwappiness is not null and not -1 and (< 0 or > 100))
            throw EngineException.Invalid($"Invalid value: {hc.MemorySwappiness}, valid memory swappiness range is 0-100");
        if (hc.NanoCpus is > 0 && (hc.CpuQuota is > 0 || hc.CpuPeriod is > 0))
            throw EngineException.Conflict("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        if (hc.NanoCpus < 0 || hc.NanoCpus > (long)hostCpus * 1_000_000_000)
            throw EngineException.Invalid($"Range of CPUs is from 0.01 to {hostCpus}.00, as there are only {hostCpus} CPUs available");
        if (hc.CpuPeriod is > 0 and (< 1000 or > 1_000_000))
            throw EngineException.Invalid("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        if (hc.CpuQuota is > 0 and < 1000)
            throw EngineException.Invalid("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        if (hc.CpuShares < 0) throw EngineException.Invalid("invalid CPU shares: cannot be negative");
        if (hc.BlkioWeight is > 0 and (< 10 or > 1000))
            throw EngineException.Invalid("Range of blkio weight is from 10 to 1000");
        if (hc.OomScoreAdj is < -1000 or > 1000)
            throw EngineException.Invalid($"Invalid value {hc.OomScoreAdj}, range for oom score adj is [-1000, 1000]");
        if (!string.IsNullOrEmpty(hc.CpusetCpus)) ValidateCpuset(hc.CpusetCpus, "cpuset-cpus", hostCpus);
        if (hc.ShmSize < 0) throw EngineException.Invalid("SHM size can not be less than 0");
        foreach (var u in hc.Ulimits ?? [])
        {
            if (string.IsNullOrEmpty(u.Name) || !KnownUlimits.Contains(u.Name))
                throw EngineException.Invalid($"invalid ulimit type: {u.Name}");
            if (u.Soft > u.Hard) throw EngineException.Invalid($"ulimit soft limit must be less than or equal to hard limit: {u.Soft} > {u.Hard}");
        }
        foreach (var c in (hc.CapAdd ?? []).Concat(hc.CapDrop ?? [])) Specs.Capabilities.Normalize(c);
        Specs.OciSpecBuilder.ParseSecurityOpts(hc.SecurityOpt);
        var logType = hc.LogConfig?.Type;
        if (!string.IsNullOrEmpty(logType) && logType is not ("json-file" or "none" or "local"))
            throw EngineException.Invalid($"logging driver \"{logType}\" is not supported by Berth (json-file, local, none)");
        if (hc.LogConfig?.Config is { } lc)
        {
            foreach (var key in lc.Keys)
                if (key is not ("max-size" or "max-file" or "compress" or "labels" or "env" or "env-regex" or "tag" or "mode" or "max-buffer-size"))
                    throw EngineException.Invalid($"unknown log opt '{key}' for json-file log driver");
            if (lc.TryGetValue("max-size", out var ms)) Units.ParseBytes(ms, "max-size");
            if (lc.TryGetValue("max-file", out var mf) && (!int.TryParse(mf, out int n) || n < 1))
                throw EngineException.Invalid("max-file cannot be less than 1");
        }
        if (hc.PidsLimit is < -1) warnings.Add("invalid pids limit; treated as unlimited");
        string net = hc.NetworkMode ?? "";
        if (net.StartsWith("container:", StringComparison.Ordinal) && (config.ExposedPorts?.Count > 0 || hc.PortBindings?.Count > 0))
            throw EngineException.Conflict("conflicting options: port publishing and the container type network mode");
        if (net == "host" && hc.PortBindings?.Count > 0)
            warnings.Add("Published ports are discarded when using host network mode");
        return warnings;
    }

    private static readonly HashSet<string> KnownUlimits =
    [
        "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio",
        "rttime", "sigpending", "stack", "as",
    ];

    private static void ValidateCpuset(string value, string flag, int hostCpus)
    {
        foreach (var part in value.Split(','))
        {
            var range = part.Split('-');
            foreach (var n in range)
            {
                if (!int.TryParse(n, out int cpu) || cpu < 0)
                    throw EngineException.Invalid($"Invalid value {value} for {flag}: invalid format");
                if (cpu >= hostCpus)
                    throw EngineException.Invalid($"Requested CPUs are not available - requested {value}, available: 0-{hostCpus - 1}");
            }
            if (range.Length > 2) throw EngineException.Invalid($"Invalid value {value} for {flag}: invalid format");
        }
    }
}
