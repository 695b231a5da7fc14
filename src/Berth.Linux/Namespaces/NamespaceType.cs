using Berth.Linux.Interop;

namespace Berth.Linux.Namespaces;

/// <summary>The kinds of Linux namespaces, with their clone flag and their name under /proc/&lt;pid&gt;/ns.</summary>
public enum NamespaceType
{
    Mount,
    Uts,
    Ipc,
    Network,
    Pid,
    Cgroup,
    User,
    Time,
}

public static class NamespaceTypes
{
    public static int CloneFlag(this NamespaceType type) => type switch
    {
        NamespaceType.Mount => Libc.CLONE_NEWNS,
        NamespaceType.Uts => Libc.CLONE_NEWUTS,
        NamespaceType.Ipc => Libc.CLONE_NEWIPC,
        NamespaceType.Network => Libc.CLONE_NEWNET,
        NamespaceType.Pid => Libc.CLONE_NEWPID,
        NamespaceType.Cgroup => Libc.CLONE_NEWCGROUP,
        NamespaceType.User => Libc.CLONE_NEWUSER,
        NamespaceType.Time => Libc.CLONE_NEWTIME,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The file name under /proc/&lt;pid&gt;/ns/.</summary>
    public static string ProcName(this NamespaceType type) => type switch
    {
        NamespaceType.Mount => "mnt",
        NamespaceType.Uts => "uts",
        NamespaceType.Ipc => "ipc",
        NamespaceType.Network => "net",
        NamespaceType.Pid => "pid",
        NamespaceType.Cgroup => "cgroup",
        NamespaceType.User => "user",
        NamespaceType.Time => "time",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The OCI runtime spec's name (config-linux.md, "namespaces").</summary>
    public static string OciName(this NamespaceType type) => type switch
    {
        NamespaceType.Mount => "mount",
        NamespaceType.Network => "network",
        _ => type.ProcName(),
    };

    public static bool TryParseOci(string name, out NamespaceType type)
    {
        switch (name)
        {
            case "mount": type = NamespaceType.Mount; return true;
            case "uts": type = NamespaceType.Uts; return true;
            case "ipc": type = NamespaceType.Ipc; return true;
            case "network": type = NamespaceType.Network; return true;
            case "pid": type = NamespaceType.Pid; return true;
            case "cgroup": type = NamespaceType.Cgroup; return true;
            case "user": type = NamespaceType.User; return true;
            case "time": type = NamespaceType.Time; return true;
            default: type = default; return false;
        }
    }
}
