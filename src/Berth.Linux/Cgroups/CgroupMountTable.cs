namespace Berth.Linux.Cgroups;

/// <summary>
/// The cgroup mounts of this process's mount namespace, read from /proc/self/mountinfo once per process
/// (<see cref="Current"/>) so that starting a container does not scan it again and again.
/// </summary>
public sealed class CgroupMountTable
{
    private static CgroupMountTable? _current;

    public CgroupMountTable(IReadOnlyList<CgroupHierarchy> hierarchies) => Hierarchies = hierarchies;

    public IReadOnlyList<CgroupHierarchy> Hierarchies { get; }

    public static CgroupMountTable Current => _current ??= Parse(File.ReadAllText("/proc/self/mountinfo"));

    /// <summary>Forgets the cached table (after mounting or unmounting cgroup filesystems in this process).</summary>
    public static void Refresh() => _current = null;

    /// <summary>The cgroup2 mount, preferring /sys/fs/cgroup, then /sys/fs/cgroup/unified, then any.</summary>
    public CgroupHierarchy? V2 =>
        Hierarchies.FirstOrDefault(h => h.IsV2 && h.MountPoint == "/sys/fs/cgroup")
        ?? Hierarchies.FirstOrDefault(h => h.IsV2 && h.MountPoint == "/sys/fs/cgroup/unified")
        ?? Hierarchies.FirstOrDefault(h => h.IsV2);

    /// <summary>v1 controller name (cpu, memory, name=systemd...) to its hierarchy (the first mount of each).</summary>
    public IReadOnlyDictionary<string, CgroupHierarchy> V1Controllers
    {
        get
        {
            var map = new Dictionary<string, CgroupHierarchy>(StringComparer.Ordinal);
            foreach (var h in Hierarchies)
                if (!h.IsV2)
                    foreach (string c in h.Controllers) map.TryAdd(c, h);
            return map;
        }
    }

    /// <summary>
    /// v2 when /sys/fs/cgroup itself is a cgroup2 mount (or no v1 controller is mounted but a cgroup2 hierarchy is);
    /// v1 when controllers are mounted one per directory - including the hybrid layout with a v2 "unified" mount,
    /// whose hierarchy then holds no controllers the v1 ones have.
    /// </summary>
    public CgroupVersion Version
    {
        get
        {
            if (Hierarchies.Any(h => h.IsV2 && h.MountPoint == "/sys/fs/cgroup")) return CgroupVersion.V2;
            if (Hierarchies.Any(h => !h.IsV2 && h.Controllers.Any(c => !c.StartsWith("name=", StringComparison.Ordinal)))) return CgroupVersion.V1;
            if (Hierarchies.Any(h => h.IsV2)) return CgroupVersion.V2;
            throw new IOException("no cgroup hierarchy is mounted (checked /proc/self/mountinfo)");
        }
    }

    /// <summary>Parses mountinfo text: "id parent maj:min root mountpoint options [optional...] - fstype source superoptions".</summary>
    public static CgroupMountTable Parse(string mountinfo)
    {
        var list = new List<CgroupHierarchy>();
        foreach (var line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int dash = line.IndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0) continue;
            var before = line[..dash].Split(' ');
            var after = line[(dash + 3)..].Split(' ');
            if (before.Length < 5 || after.Length < 3) continue;
            string fstype = after[0];
            if (fstype != "cgroup" && fstype != "cgroup2") continue;
            string root = Unescape(before[3]), mountPoint = Unescape(before[4]);
            if (fstype == "cgroup2")
            {
                list.Add(new CgroupHierarchy(mountPoint, root, true, []));
                continue;
            }
            var controllers = after[2].Split(',')
                .Where(o => o is not ("rw" or "ro") && !o.StartsWith("release_agent=", StringComparison.Ordinal)
                            && o is not ("clone_children" or "noprefix" or "xattr" or "cpuset_v2_mode" or "favordynmods"))
                .ToList();
            list.Add(new CgroupHierarchy(mountPoint, root, false, controllers));
        }
        return new CgroupMountTable(list);
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as \ooo.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var sb = new System.Text.StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                sb.Append((char)((field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0')));
                i += 3;
            }
            else sb.Append(field[i]);
        }
        return sb.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
