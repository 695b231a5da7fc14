namespace Berth.Linux.Capabilities;

/// <summary>Capability names (linux/capability.h) and their numbers.</summary>
public static class Capability
{
    /// <summary>Index = capability number.</summary>
    public static readonly string[] Names =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
        "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    public const int SysAdmin = 21, SetPcap = 8;

    /// <summary>The number of "CAP_NAME" (case-insensitive, "CAP_" optional); -1 when unknown.</summary>
    public static int Parse(string name)
    {
        string n = name.StartsWith("CAP_", StringComparison.OrdinalIgnoreCase) ? name : "CAP_" + name;
        for (int i = 0; i < Names.Length; i++)
            if (string.Equals(Names[i], n, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static int s_lastCap = -1;

    /// <summary>The highest capability the running kernel knows (/proc/sys/kernel/cap_last_cap).</summary>
    public static int LastCap
    {
        get
        {
            if (s_lastCap < 0)
            {
                try { s_lastCap = int.Parse(File.ReadAllText("/proc/sys/kernel/cap_last_cap").Trim()); }
                catch (IOException) { s_lastCap = Names.Length - 1; }
            }
            return s_lastCap;
        }
    }

    /// <summary>A bit mask of the named capabilities; unknown names are returned in <paramref name="unknown"/>.</summary>
    public static ulong Mask(IEnumerable<string>? names, List<string>? unknown = null)
    {
        ulong mask = 0;
        if (names is null) return 0;
        foreach (var name in names)
        {
            int c = Parse(name);
            if (c < 0) unknown?.Add(name);
            else mask |= 1UL << c;
        }
        return mask;
    }
}
