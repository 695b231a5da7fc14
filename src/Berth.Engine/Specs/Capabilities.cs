using Berth.Engine.Errors;

namespace Berth.Engine.Specs;

/// <summary>Capability names, Docker's default set, and --cap-add/--cap-drop arithmetic (moby's caps.TweakCapabilities).</summary>
public static class Capabilities
{
    /// <summary>Every capability by number (linux/capability.h), CAP_CHOWN = 0 … CAP_CHECKPOINT_RESTORE = 40.</summary>
    public static readonly string[] All =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
        "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
        "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND",
        "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    public static readonly string[] DockerDefault =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
    ];

    /// <summary>The capabilities this kernel knows (up to /proc/sys/kernel/cap_last_cap).</summary>
    public static IReadOnlyList<string> Known()
    {
        int last = All.Length - 1;
        try { last = Math.Min(last, int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim())); } catch { }
        return All[..(last + 1)];
    }

    /// <summary>"net_admin", "NET_ADMIN" and "CAP_NET_ADMIN" all mean CAP_NET_ADMIN; "ALL" stays "ALL".</summary>
    public static string Normalize(string name)
    {
        string n = name.Trim().ToUpperInvariant();
        if (n == "ALL") return n;
        if (!n.StartsWith("CAP_", StringComparison.Ordinal)) n = "CAP_" + n;
        if (!All.Contains(n)) throw EngineException.Invalid($"unknown capability: \"{name}\"");
        return n;
    }

    /// <summary>Docker's rules: drop ALL then add some; add ALL; adds win over drops of the same name.</summary>
    public static List<string> Apply(IEnumerable<string> basis, IEnumerable<string>? add, IEnumerable<string>? drop)
    {
        var adds = (add ?? []).Select(Normalize).ToList();
        var drops = (drop ?? []).Select(Normalize).ToList();
        var known = Known();
        if (adds.Contains("ALL")) return known.Where(c => !drops.Contains(c) || adds.Contains(c)).ToList();
        var result = drops.Contains("ALL") ? new List<string>() : basis.Where(c => !drops.Contains(c)).ToList();
        foreach (var c in adds)
            if (!result.Contains(c)) result.Add(c);
        return result;
    }
}
