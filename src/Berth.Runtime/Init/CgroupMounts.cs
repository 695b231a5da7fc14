using Berth.Linux;
using Berth.Linux.Mounts;
using Berth.Runtime.Spec;
using static Berth.Runtime.Spec.MountFlags;

namespace Berth.Runtime.Init;

/// <summary>
/// Mounts of type cgroup/cgroup2: the container sees its own cgroup as the root. On cgroup v2 a fresh cgroup2
/// mount when it has a cgroup namespace, otherwise its cgroup directory bound; on v1 a tmpfs with each
/// hierarchy's container directory bound under it (symlinks for co-mounted controllers, e.g. cpu → cpu,cpuacct).
/// </summary>
internal static class CgroupMounts
{
    /// <summary>One hierarchy: where the host mounts it and the container's path in it.</summary>
    public sealed record Membership(string MountPoint, string Path, bool IsV2);

    /// <summary>Reads /proc/self/cgroup and /proc/self/mountinfo (before the init enters a cgroup namespace).</summary>
    public static List<Membership> ReadMembership()
    {
        var mountPoints = new Dictionary<string, string>(StringComparer.Ordinal); // controllers key → mount point
        string? v2Mount = null;
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            int dash = line.IndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0) continue;
            var post = line[(dash + 3)..].Split(' ');
            if (post.Length < 3) continue;
            var pre = line[..dash].Split(' ');
            if (pre.Length < 5) continue;
            string mountPoint = Unescape(pre[4]);
            if (post[0] == "cgroup2") v2Mount ??= mountPoint;
            else if (post[0] == "cgroup")
            {
                var keys = new List<string>();
                foreach (var opt in post[2].Split(','))
                    if (opt is not ("rw" or "ro") && !opt.StartsWith("clone_children", StringComparison.Ordinal) &&
                        !opt.StartsWith("release_agent", StringComparison.Ordinal) && opt != "noprefix" && opt != "xattr" &&
                        opt != "cpuset_v2_mode") keys.Add(opt);
                keys.Sort(StringComparer.Ordinal);
                mountPoints.TryAdd(string.Join(',', keys), mountPoint);
            }
        }
        var result = new List<Membership>();
        foreach (var line in File.ReadLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3) continue;
            if (parts[1].Length == 0)
            {
                if (v2Mount is not null && mountPoints.Count == 0) result.Add(new Membership(v2Mount, parts[2], true));
                continue;
            }
            var keys = new List<string>(parts[1].Split(','));
            keys.Sort(StringComparer.Ordinal);
            if (mountPoints.TryGetValue(string.Join(',', keys), out var mp)) result.Add(new Membership(mp, parts[2], false));
        }
        return result;
    }

    public static void Mount(RootDirectory root, string destination, MountOptions options, List<Membership> membership, bool cgroupNamespace)
    {
        ulong perMount = options.Flags & PerMountFlags;
        if (membership.Count == 1 && membership[0].IsV2)
        {
            using var fd = MountPoints.OpenOrCreateDirectory(root, destination);
            string target = MountCalls.FdPath(fd);
            if (cgroupNamespace)
            {
                int errno = MountCalls.TryMount("cgroup2", target, "cgroup2", perMount, options.Data);
                if (errno == 0) return;
            }
            BindDirectory(root, destination, target, membership[0], perMount);
            return;
        }
        using (var fd = MountPoints.OpenOrCreateDirectory(root, destination))
            MountCalls.Mount("tmpfs", MountCalls.FdPath(fd), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755", root.Display(destination));
        using var top = root.Open(destination, Berth.Linux.Descriptors.OpenFlags.O_PATH | Berth.Linux.Descriptors.OpenFlags.O_DIRECTORY);
        foreach (var m in membership)
        {
            if (m.IsV2) continue;
            string name = Path.GetFileName(m.MountPoint);
            string source = m.MountPoint.TrimEnd('/') + m.Path;
            if (!Directory.Exists(source)) source = m.MountPoint;
            // Made in the new tmpfs (reached through its descriptor): nothing of the image is in the way.
            DirectoryCalls.TryMkdirAt(top, name, 0x1ed);
            using var fd = root.Open(destination.TrimEnd('/') + "/" + name, Berth.Linux.Descriptors.OpenFlags.O_PATH | Berth.Linux.Descriptors.OpenFlags.O_DIRECTORY);
            MountCalls.Mount(source, MountCalls.FdPath(fd), null, MS_BIND, null, root.Display(destination + "/" + name));
            if (name.Contains(','))
                foreach (var controller in name.Split(','))
                    DirectoryCalls.TrySymlinkAt(name, top, controller);
        }
        // One call for the tmpfs and every hierarchy under it.
        ulong attrs = ToAttributes(perMount) | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
        using var again = root.Open(destination, Berth.Linux.Descriptors.OpenFlags.O_PATH | Berth.Linux.Descriptors.OpenFlags.O_DIRECTORY);
        MountCalls.SetAttributes(MountCalls.FdPath(again), attrs, 0, recursive: true, root.Display(destination));
    }

    private static void BindDirectory(RootDirectory root, string destination, string target, Membership m, ulong perMount)
    {
        string source = m.MountPoint.TrimEnd('/') + m.Path;
        if (!Directory.Exists(source)) source = m.MountPoint;
        MountCalls.Mount(source, target, null, MS_BIND, null, root.Display(destination));
        ulong attrs = ToAttributes(perMount) | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
        // The old descriptor names the directory under the new mount: open the destination again to reach it.
        using var mounted = root.Open(destination, Berth.Linux.Descriptors.OpenFlags.O_PATH | Berth.Linux.Descriptors.OpenFlags.O_DIRECTORY);
        MountCalls.SetAttributes(MountCalls.FdPath(mounted), attrs, 0, recursive: false, root.Display(destination));
    }

    private static string Unescape(string s) => s.Contains('\\') ? s.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\") : s;
}
