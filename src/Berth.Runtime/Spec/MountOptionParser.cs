using static Berth.Runtime.Spec.MountFlags;

namespace Berth.Runtime.Spec;

/// <summary>Parses OCI mount options (config.md "mounts", runc's table) into flags, propagation and data.</summary>
public static class MountOptionParser
{
    private static readonly Dictionary<string, (bool Clear, ulong Flag)> s_flags = new(StringComparer.Ordinal)
    {
        ["async"] = (true, MS_SYNCHRONOUS), ["atime"] = (true, MS_NOATIME), ["bind"] = (false, MS_BIND),
        ["defaults"] = (false, 0), ["dev"] = (true, MS_NODEV), ["diratime"] = (true, MS_NODIRATIME),
        ["dirsync"] = (false, MS_DIRSYNC), ["exec"] = (true, MS_NOEXEC), ["iversion"] = (false, MS_I_VERSION),
        ["lazytime"] = (false, MS_LAZYTIME), ["loud"] = (true, MS_SILENT), ["mand"] = (false, MS_MANDLOCK),
        ["noatime"] = (false, MS_NOATIME), ["nodev"] = (false, MS_NODEV), ["nodiratime"] = (false, MS_NODIRATIME),
        ["noexec"] = (false, MS_NOEXEC), ["noiversion"] = (true, MS_I_VERSION), ["nolazytime"] = (true, MS_LAZYTIME),
        ["nomand"] = (true, MS_MANDLOCK), ["norelatime"] = (true, MS_RELATIME), ["nostrictatime"] = (true, MS_STRICTATIME),
        ["nosuid"] = (false, MS_NOSUID), ["nosymfollow"] = (false, MS_NOSYMFOLLOW), ["rbind"] = (false, MS_BIND | MS_REC),
        ["relatime"] = (false, MS_RELATIME), ["remount"] = (false, MS_REMOUNT), ["ro"] = (false, MS_RDONLY),
        ["rw"] = (true, MS_RDONLY), ["silent"] = (false, MS_SILENT), ["strictatime"] = (false, MS_STRICTATIME),
        ["suid"] = (true, MS_NOSUID), ["symfollow"] = (true, MS_NOSYMFOLLOW), ["sync"] = (false, MS_SYNCHRONOUS),
    };

    private static readonly Dictionary<string, ulong> s_propagation = new(StringComparer.Ordinal)
    {
        ["private"] = MS_PRIVATE, ["rprivate"] = MS_PRIVATE | MS_REC, ["shared"] = MS_SHARED,
        ["rshared"] = MS_SHARED | MS_REC, ["slave"] = MS_SLAVE, ["rslave"] = MS_SLAVE | MS_REC,
        ["unbindable"] = MS_UNBINDABLE, ["runbindable"] = MS_UNBINDABLE | MS_REC,
    };

    private static readonly Dictionary<string, (bool Clear, ulong Attr)> s_recursive = new(StringComparer.Ordinal)
    {
        ["rro"] = (false, MOUNT_ATTR_RDONLY), ["rrw"] = (true, MOUNT_ATTR_RDONLY),
        ["rnosuid"] = (false, MOUNT_ATTR_NOSUID), ["rsuid"] = (true, MOUNT_ATTR_NOSUID),
        ["rnodev"] = (false, MOUNT_ATTR_NODEV), ["rdev"] = (true, MOUNT_ATTR_NODEV),
        ["rnoexec"] = (false, MOUNT_ATTR_NOEXEC), ["rexec"] = (true, MOUNT_ATTR_NOEXEC),
        ["rnodiratime"] = (false, MOUNT_ATTR_NODIRATIME), ["rdiratime"] = (true, MOUNT_ATTR_NODIRATIME),
        ["rnosymfollow"] = (false, MOUNT_ATTR_NOSYMFOLLOW), ["rsymfollow"] = (true, MOUNT_ATTR_NOSYMFOLLOW),
    };

    /// <summary>Options that name mount features this runtime does not have.</summary>
    private static readonly HashSet<string> s_unsupported = new(StringComparer.Ordinal) { "idmap", "ridmap" };

    /// <summary>Parses the options; throws <see cref="RuntimeException"/> naming <paramref name="field"/> for unsupported ones.</summary>
    public static MountOptions Parse(IReadOnlyList<string>? options, string field = "mounts")
    {
        var result = new MountOptions();
        if (options is null) return result;
        List<string>? data = null;
        foreach (var raw in options)
        {
            string o = raw.Trim();
            if (o.Length == 0) continue;
            if (s_flags.TryGetValue(o, out var f))
            {
                if (f.Clear)
                {
                    result.Flags &= ~f.Flag;
                    result.ClearedFlags |= f.Flag;
                }
                else
                {
                    result.Flags |= f.Flag;
                    result.ClearedFlags &= ~f.Flag;
                }
            }
            else if (s_propagation.TryGetValue(o, out ulong p)) result.Propagation.Add(p);
            else if (s_recursive.TryGetValue(o, out var r))
            {
                if (r.Clear) { result.RecursiveClear |= r.Attr; result.RecursiveSet &= ~r.Attr; }
                else { result.RecursiveSet |= r.Attr; result.RecursiveClear &= ~r.Attr; }
            }
            else if (RecursiveAtime(o, out ulong atime))
            {
                result.RecursiveClear |= MOUNT_ATTR__ATIME;
                result.RecursiveSet = (result.RecursiveSet & ~MOUNT_ATTR__ATIME) | atime;
            }
            else if (o == "tmpcopyup") result.CopyUp = true;
            else if (s_unsupported.Contains(o)) throw RuntimeException.NotSupported($"{field}: mount option not supported: {o}");
            else (data ??= new()).Add(o);
        }
        if (data is not null) result.Data = string.Join(',', data);
        return result;
    }

    private static bool RecursiveAtime(string o, out ulong attr)
    {
        switch (o)
        {
            case "rrelatime": attr = MOUNT_ATTR_RELATIME; return true;
            case "rnoatime": attr = MOUNT_ATTR_NOATIME; return true;
            case "rstrictatime": attr = MOUNT_ATTR_STRICTATIME; return true;
            case "ratime": case "rnorelatime": case "rnostrictatime": attr = MOUNT_ATTR_RELATIME; return true;
            default: attr = 0; return false;
        }
    }

    /// <summary>The propagation flag for linux.rootfsPropagation; null when the value is unknown.</summary>
    public static ulong? RootfsPropagation(string? value) =>
        value is null or "" ? MS_SLAVE | MS_REC : s_propagation.TryGetValue(value, out ulong p) ? p : null;
}
