namespace Berth.Linux.Cgroups;

/// <summary>Picks the cgroup manager for this host and resolves OCI cgroupsPath values.</summary>
public static class CgroupManagers
{
    /// <summary>v2 when /sys/fs/cgroup is a cgroup2 mount; v1 when controllers are mounted one per directory
    /// (hybrid hosts included: their "unified" mount holds no controllers). From mountinfo read once per process.</summary>
    public static CgroupVersion DetectVersion() => CgroupMountTable.Current.Version;

    /// <summary>
    /// The manager for <paramref name="cgroupsPath"/>: absolute ("/berth/abc", the same path in every hierarchy)
    /// or relative to this process's own cgroup (see <see cref="ResolvePath"/>).
    /// </summary>
    public static ICgroupManager Open(string cgroupsPath)
    {
        var mounts = CgroupMountTable.Current;
        string path = ResolvePath(cgroupsPath, mounts);
        return mounts.Version == CgroupVersion.V2
            ? new CgroupV2Manager(path, mounts.V2!)
            : new CgroupV1Manager(path, mounts);
    }

    /// <summary>
    /// An absolute cgroup path for an OCI cgroupsPath. A relative path is taken below the calling process's own
    /// cgroup, as the spec allows and runc does: its v2 cgroup, or on v1 its cgroup in the pids hierarchy (else
    /// memory, cpu). Systemd's "slice:prefix:name" form is not supported.
    /// </summary>
    public static string ResolvePath(string cgroupsPath) => ResolvePath(cgroupsPath, CgroupMountTable.Current);

    private static string ResolvePath(string cgroupsPath, CgroupMountTable mounts)
    {
        if (string.IsNullOrEmpty(cgroupsPath)) throw new ArgumentException("linux.cgroupsPath: empty");
        if (cgroupsPath.StartsWith('/')) return Normalize(cgroupsPath);
        if (cgroupsPath.Count(c => c == ':') == 2 && !cgroupsPath.Contains('/'))
            throw new NotSupportedException($"linux.cgroupsPath: systemd cgroup paths (slice:prefix:name) are not supported: {cgroupsPath}");
        string own = mounts.Version == CgroupVersion.V2
            ? OwnCgroup(null) ?? "/"
            : OwnCgroup("pids") ?? OwnCgroup("memory") ?? OwnCgroup("cpu") ?? "/";
        return Normalize(own.TrimEnd('/') + "/" + cgroupsPath);
    }

    /// <summary>
    /// This process's cgroup from /proc/self/cgroup: in the v1 hierarchy holding <paramref name="controller"/>,
    /// or the v2 one ("0::/path") when null. Null when there is no such line.
    /// </summary>
    public static string? OwnCgroup(string? controller) => OwnCgroup(File.ReadAllText("/proc/self/cgroup"), controller);

    public static string? OwnCgroup(string procCgroup, string? controller)
    {
        foreach (string line in procCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3) continue;
            if (controller is null ? parts[0] == "0" && parts[1].Length == 0 : parts[1].Split(',').Contains(controller))
                return parts[2];
        }
        return controller is null ? "/" : null;
    }

    /// <summary>"/a//b/" → "/a/b"; "." and ".." are refused (a cgroup path never leaves its hierarchy).</summary>
    public static string Normalize(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (string part in parts)
            if (part is "." or "..")
                throw new ArgumentException($"linux.cgroupsPath: '{path}' may not contain '.' or '..'");
        return "/" + string.Join('/', parts);
    }
}
