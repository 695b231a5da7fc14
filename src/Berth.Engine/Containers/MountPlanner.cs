using Berth.Engine.Errors;
using Berth.Engine.Model;
using Berth.Engine.Volumes;

namespace Berth.Engine.Containers;

/// <summary>
/// Turns HostConfig.Binds, HostConfig.Mounts, HostConfig.Tmpfs and the image's VOLUMEs into the container's mounts,
/// with Docker's rules and messages: destinations absolute and unique, bind sources absolute (created for -v, required for
/// --mount), named volumes created on first use, anonymous volumes for VOLUMEs not otherwise mounted.
/// </summary>
public static class MountPlanner
{
    /// <param name="mountsOf">The planned mounts of another container, for --volumes-from (throws its own "No such container").</param>
    public static List<PlannedMount> Plan(HostConfig hc, ContainerConfig config, VolumeService volumes, List<string> createdVolumes,
        Func<string, IReadOnlyList<PlannedMount>>? mountsOf = null)
    {
        var plan = new List<PlannedMount>();
        void Add(PlannedMount m)
        {
            m.Destination = Normalize(m.Destination);
            if (plan.Any(p => p.Destination == m.Destination)) throw EngineException.Invalid($"Duplicate mount point: {m.Destination}");
            plan.Add(m);
        }

        foreach (var bind in hc.Binds ?? []) Add(ParseBind(bind));
        foreach (var m in hc.Mounts ?? []) Add(FromMount(m));
        foreach (var (dest, opts) in hc.Tmpfs ?? [])
        {
            if (!dest.StartsWith('/')) throw EngineException.Invalid($"invalid mount config for type \"tmpfs\": invalid mount path: '{dest}' mount path must be absolute");
            Add(new PlannedMount { Type = "tmpfs", Destination = dest, TmpfsOptions = TmpfsDefaults(opts.Split(',', StringSplitOptions.RemoveEmptyEntries)) });
        }
        foreach (var m in VolumesFrom(hc.VolumesFrom, mountsOf))
            if (!plan.Any(p => p.Destination == m.Destination)) plan.Add(m);
        foreach (var dest in (config.Volumes ?? []).Keys)
        {
            string d = Normalize(dest);
            if (plan.Any(p => p.Destination == d)) continue;
            plan.Add(new PlannedMount { Type = "volume", Destination = d, Anonymous = true });
        }

        foreach (var m in plan.Where(m => m.Type == "volume"))
        {
            if (string.IsNullOrEmpty(m.Source))
            {
                var v = volumes.Create(null, "local", null, null, anonymous: true);
                m.Source = v.Name;
                m.Anonymous = true;
                createdVolumes.Add(v.Name);
            }
            else if (volumes.TryGet(m.Source) is null)
            {
                volumes.Create(m.Source, "local", null, null);
                createdVolumes.Add(m.Source);
            }
        }
        return plan;
    }

    /// <summary>
    /// --volumes-from container[:ro|:rw]: that container's volume and bind mounts, read-only when it says ro or the
    /// original was; never copied up again; explicit -v/--mount of the same destination win, as in Docker.
    /// </summary>
    private static IEnumerable<PlannedMount> VolumesFrom(List<string>? specs, Func<string, IReadOnlyList<PlannedMount>>? mountsOf)
    {
        foreach (var spec in specs ?? [])
        {
            if (string.IsNullOrEmpty(spec)) throw EngineException.Invalid("volumes-from specification cannot be an empty string");
            string name = spec, mode = "";
            int colon = spec.LastIndexOf(':');
            if (colon >= 0) { name = spec[..colon]; mode = spec[(colon + 1)..]; }
            if (mode is not ("" or "ro" or "rw")) throw EngineException.Invalid($"invalid mode for volumes-from: {mode}");
            if (mountsOf is null) throw EngineException.NotImplemented("volumes-from is not available here");
            foreach (var m in mountsOf(name))
            {
                if (m.Type is not ("volume" or "bind")) continue;
                yield return new PlannedMount
                {
                    Type = m.Type, Source = m.Source, Destination = m.Destination, ReadOnly = m.ReadOnly || mode == "ro",
                    Propagation = m.Propagation, Mode = m.Mode, NoCopy = true, NonRecursive = m.NonRecursive, Subpath = m.Subpath,
                };
            }
        }
    }

    private static string Normalize(string path)
    {
        if (!path.StartsWith('/')) throw EngineException.Invalid($"invalid mount config: invalid mount path: '{path}' mount path must be absolute");
        string p = Path.GetFullPath(path);
        return p.Length > 1 ? p.TrimEnd('/') : p;
    }

    /// <summary>"src:dst[:opts]", "dst" (anonymous volume), "name:dst[:opts]".</summary>
    public static PlannedMount ParseBind(string spec)
    {
        var parts = spec.Split(':');
        string src, dst, mode = "";
        switch (parts.Length)
        {
            case 1: src = ""; dst = parts[0]; break;
            case 2:
                if (IsMode(parts[1]) && !parts[1].StartsWith('/')) { src = ""; dst = parts[0]; mode = parts[1]; }
                else { src = parts[0]; dst = parts[1]; }
                break;
            case 3: src = parts[0]; dst = parts[1]; mode = parts[2]; break;
            default: throw EngineException.Invalid($"invalid volume specification: '{spec}'");
        }
        if (dst.Length == 0) throw EngineException.Invalid($"invalid volume specification: '{spec}'");
        if (!dst.StartsWith('/')) throw EngineException.Invalid($"invalid volume specification: '{spec}': invalid mount config for type \"{(src.StartsWith('/') ? "bind" : "volume")}\": invalid mount path: '{dst}' mount path must be absolute");
        if (mode.Length > 0 && !IsMode(mode)) throw EngineException.Invalid($"invalid mode: {mode}");
        var m = new PlannedMount { Destination = dst, Mode = mode };
        foreach (var o in mode.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (o)
            {
                case "ro": m.ReadOnly = true; break;
                case "nocopy": m.NoCopy = true; break;
                case "shared" or "rshared" or "slave" or "rslave" or "private" or "rprivate": m.Propagation = o; break;
            }
        }
        if (src.StartsWith('/'))
        {
            m.Type = "bind";
            m.Source = Path.GetFullPath(src);
            if (m.Propagation.Length == 0) m.Propagation = "rprivate";
        }
        else
        {
            m.Type = "volume";
            if (src.Length > 0 && !VolumeService.IsValidName(src))
                throw EngineException.Invalid($"create {src}: \"{src}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
            m.Source = src;
            m.Anonymous = src.Length == 0;
        }
        return m;
    }

    private static bool IsMode(string mode) => mode.Split(',').All(o => o is "ro" or "rw" or "z" or "Z" or "nocopy" or "consistent"
        or "cached" or "delegated" or "shared" or "rshared" or "slave" or "rslave" or "private" or "rprivate");

    private static PlannedMount FromMount(Mount mount)
    {
        string type = mount.Type ?? "";
        string target = mount.Target ?? "";
        if (target.Length == 0) throw EngineException.Invalid("invalid mount config: Target must not be empty");
        var m = new PlannedMount { Type = type, Destination = target, ReadOnly = mount.ReadOnly == true, Source = mount.Source ?? "" };
        switch (type)
        {
            case "bind":
                if (m.Source.Length == 0) throw EngineException.Invalid("invalid mount config for type \"bind\": field Source must not be empty");
                if (!m.Source.StartsWith('/')) throw EngineException.Invalid($"invalid mount config for type \"bind\": invalid mount path: '{m.Source}' mount path must be absolute");
                if (mount.BindOptions?.CreateMountpoint != true && !Path.Exists(m.Source))
                    throw EngineException.Invalid($"invalid mount config for type \"bind\": bind source path does not exist: {m.Source}");
                m.Propagation = string.IsNullOrEmpty(mount.BindOptions?.Propagation) ? "rprivate" : mount.BindOptions!.Propagation!;
                m.NonRecursive = mount.BindOptions?.NonRecursive == true;
                if (mount.VolumeOptions is not null) throw EngineException.Invalid("invalid mount config for type \"bind\": field VolumeOptions must not be specified");
                break;
            case "volume":
                if (m.Source.Length > 0 && !VolumeService.IsValidName(m.Source))
                    throw EngineException.Invalid($"invalid mount config for type \"volume\": invalid volume name \"{m.Source}\"");
                m.NoCopy = mount.VolumeOptions?.NoCopy == true;
                m.Subpath = string.IsNullOrEmpty(mount.VolumeOptions?.Subpath) ? null : mount.VolumeOptions!.Subpath;
                m.Anonymous = m.Source.Length == 0;
                if (mount.BindOptions is not null) throw EngineException.Invalid("invalid mount config for type \"volume\": field BindOptions must not be specified");
                break;
            case "tmpfs":
                if (m.Source.Length > 0) throw EngineException.Invalid("invalid mount config for type \"tmpfs\": field Source must not be specified");
                var opts = new List<string>();
                if (mount.TmpfsOptions?.SizeBytes is > 0) opts.Add($"size={mount.TmpfsOptions.SizeBytes}");
                if (mount.TmpfsOptions?.Mode is > 0) opts.Add($"mode={Convert.ToString(mount.TmpfsOptions.Mode.Value, 8)}");
                foreach (var o in mount.TmpfsOptions?.Options ?? []) opts.Add(string.Join('=', o));
                m.TmpfsOptions = TmpfsDefaults(opts);
                break;
            case "":
                throw EngineException.Invalid("invalid mount config: mount type unknown");
            default:
                throw EngineException.Invalid($"invalid mount config: mount type \"{type}\" is not supported");
        }
        return m;
    }

    /// <summary>Docker's tmpfs defaults: noexec, nosuid, nodev unless the options say otherwise.</summary>
    private static List<string> TmpfsDefaults(IEnumerable<string> given)
    {
        var opts = given.ToList();
        if (!opts.Contains("exec") && !opts.Contains("noexec")) opts.Insert(0, "noexec");
        if (!opts.Contains("suid") && !opts.Contains("nosuid")) opts.Insert(0, "nosuid");
        if (!opts.Contains("dev") && !opts.Contains("nodev")) opts.Insert(0, "nodev");
        return opts;
    }

    /// <summary>The Mounts array of inspect.</summary>
    public static List<MountPoint> ToApi(IEnumerable<PlannedMount> plan, VolumeService volumes) => plan.Select(m => new MountPoint
    {
        Type = m.Type,
        Name = m.Type == "volume" ? m.Source : null,
        Source = m.Type switch { "bind" => m.Source, "volume" => volumes.DataPath(m.Source), _ => "" },
        Destination = m.Destination,
        Driver = m.Type == "volume" ? "local" : null,
        Mode = m.Mode,
        RW = !m.ReadOnly,
        Propagation = m.Type == "bind" ? m.Propagation : "",
    }).ToList();
}
