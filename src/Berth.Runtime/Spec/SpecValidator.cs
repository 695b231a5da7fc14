using Berth.Linux.Capabilities;
using Berth.Linux.Namespaces;
using Berth.Linux.Resources;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Spec;

/// <summary>
/// Checks a bundle's config.json before anything is created, so bad input fails with one line naming the
/// field and leaves nothing behind. Returns warnings for what is accepted but ignored.
/// </summary>
public static class SpecValidator
{
    private static readonly string[] s_namespacedSysctlPrefixes = ["kernel.msg", "kernel.sem", "kernel.shm", "fs.mqueue."];
    private static readonly HashSet<string> s_namespacedSysctls = new(StringComparer.Ordinal)
    {
        "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax",
        "kernel.shmmni", "kernel.shm_rmid_forced",
    };

    public static List<string> Validate(RuntimeSpec spec, bool requireProcess = true)
    {
        var warnings = new List<string>();
        if (spec.Root is null || string.IsNullOrEmpty(spec.Root.Path)) throw RuntimeException.Invalid("root.path: missing");
        if (spec.Process is null)
        {
            if (requireProcess) throw RuntimeException.Invalid("process: missing");
        }
        else ValidateProcess(spec.Process, "process", warnings);

        var linux = spec.Linux ?? throw RuntimeException.Invalid("linux: missing (this runtime runs Linux containers)");
        var types = new HashSet<NamespaceType>();
        foreach (var ns in linux.Namespaces ?? [])
        {
            if (!NamespaceTypes.TryParseOci(ns.Type, out var type)) throw RuntimeException.Invalid($"linux.namespaces: unknown namespace type: {ns.Type}");
            if (!types.Add(type)) throw RuntimeException.Invalid($"linux.namespaces: duplicate namespace type: {ns.Type}");
            if (type == NamespaceType.User)
                throw RuntimeException.NotSupported("linux.namespaces: user namespaces are not supported yet");
            if (type == NamespaceType.Time)
                throw RuntimeException.NotSupported("linux.namespaces: time namespaces are not supported yet");
            if (!string.IsNullOrEmpty(ns.Path) && !File.Exists(ns.Path))
                throw RuntimeException.Invalid($"linux.namespaces: {ns.Type} namespace path does not exist: {ns.Path}");
        }
        if (!types.Contains(NamespaceType.Mount)) throw RuntimeException.Invalid("linux.namespaces: a mount namespace is required");
        if (linux.UidMappings is { Count: > 0 } || linux.GidMappings is { Count: > 0 })
            throw RuntimeException.NotSupported("linux.uidMappings: user namespaces (uid/gid mappings) are not supported yet");
        if (!string.IsNullOrEmpty(spec.Hostname) && !NewNamespace(linux, NamespaceType.Uts))
            throw RuntimeException.Invalid("hostname: setting it needs a new uts namespace");
        if (!string.IsNullOrEmpty(spec.Domainname) && !NewNamespace(linux, NamespaceType.Uts))
            throw RuntimeException.Invalid("domainname: setting it needs a new uts namespace");
        if (linux.RootfsPropagation is { Length: > 0 } rp && MountOptionParser.RootfsPropagation(rp) is null)
            throw RuntimeException.Invalid($"linux.rootfsPropagation: unknown propagation: {rp}");
        if (linux.Sysctl is { } sysctl)
            foreach (var key in sysctl.Keys) ValidateSysctl(key, types.Contains(NamespaceType.Network), NewNamespace(linux, NamespaceType.Uts));

        var mounts = spec.Mounts ?? [];
        for (int i = 0; i < mounts.Count; i++)
        {
            var m = mounts[i];
            string field = $"mounts[{i}]";
            if (string.IsNullOrEmpty(m.Destination)) throw RuntimeException.Invalid($"{field}.destination: missing");
            if (!m.Destination.StartsWith('/')) throw RuntimeException.Invalid($"{field}.destination: must be an absolute path: {m.Destination}");
            if (m.UidMappings is { Count: > 0 } || m.GidMappings is { Count: > 0 })
                throw RuntimeException.NotSupported($"{field}: id-mapped mounts are not supported yet");
            var options = MountOptionParser.Parse(m.Options, field);
            bool bind = options.IsBind || m.Type == "bind";
            if (bind)
            {
                if (string.IsNullOrEmpty(m.Source)) throw RuntimeException.Invalid($"{field}.source: a bind mount needs a source");
            }
            else if (string.IsNullOrEmpty(m.Type)) throw RuntimeException.Invalid($"{field}.type: missing for a non-bind mount of {m.Destination}");
        }
        foreach (var d in linux.Devices ?? [])
        {
            if (!d.Path.StartsWith("/dev/", StringComparison.Ordinal)) throw RuntimeException.Invalid($"linux.devices: path must be under /dev: {d.Path}");
            if (d.Type is not ("c" or "b" or "u" or "p")) throw RuntimeException.Invalid($"linux.devices: {d.Path}: unknown type: {d.Type}");
        }
        foreach (var p in linux.MaskedPaths ?? [])
            if (!p.StartsWith('/')) throw RuntimeException.Invalid($"linux.maskedPaths: must be an absolute path: {p}");
        foreach (var p in linux.ReadonlyPaths ?? [])
            if (!p.StartsWith('/')) throw RuntimeException.Invalid($"linux.readonlyPaths: must be an absolute path: {p}");
        if (linux.Seccomp is { ListenerPath.Length: > 0 })
            throw RuntimeException.NotSupported("linux.seccomp.listenerPath: seccomp notify is not supported yet");
        if (linux.Personality is not null) warnings.Add("linux.personality is ignored");
        ValidateHooks(spec.Hooks);
        return warnings;
    }

    public static void ValidateProcess(RuntimeProcess p, string field, List<string> warnings)
    {
        if (p.Args is null || p.Args.Count == 0 || string.IsNullOrEmpty(p.Args[0])) throw RuntimeException.Invalid($"{field}.args: must not be empty");
        if (string.IsNullOrEmpty(p.Cwd) || !p.Cwd.StartsWith('/')) throw RuntimeException.Invalid($"{field}.cwd: must be an absolute path: {p.Cwd}");
        if (p.Capabilities is { } caps)
        {
            var unknown = new List<string>();
            foreach (var set in new[] { caps.Bounding, caps.Effective, caps.Permitted, caps.Inheritable, caps.Ambient })
                Capability.Mask(set, unknown);
            foreach (var u in unknown.Distinct()) warnings.Add($"{field}.capabilities: unknown capability ignored: {u}");
            ulong requested = Capability.Mask(caps.Bounding) | Capability.Mask(caps.Permitted) | Capability.Mask(caps.Effective);
            ulong missing = requested & ~CapabilitySets.Get().Permitted;
            if (missing != 0) warnings.Add($"{field}.capabilities: not held by the runtime, dropped: {CapabilitySets.Describe(missing)}");
        }
        foreach (var r in p.Rlimits ?? [])
        {
            if (ResourceLimits.Parse(r.Type) < 0) throw RuntimeException.Invalid($"{field}.rlimits: unknown rlimit type: {r.Type}");
            if (r.Soft > r.Hard) throw RuntimeException.Invalid($"{field}.rlimits: {r.Type}: soft limit {r.Soft} is above hard limit {r.Hard}");
        }
        if (p.Env is { } env)
            foreach (var e in env)
                if (!e.Contains('=')) throw RuntimeException.Invalid($"{field}.env: not KEY=value: {e}");
        if (!string.IsNullOrEmpty(p.ApparmorProfile)) warnings.Add($"{field}.apparmorProfile is ignored (AppArmor is not enabled)");
        if (!string.IsNullOrEmpty(p.SelinuxLabel)) warnings.Add($"{field}.selinuxLabel is ignored (SELinux is not enabled)");
    }

    private static void ValidateHooks(RuntimeHooks? hooks)
    {
        if (hooks is null) return;
        foreach (var (name, list) in new (string, List<RuntimeHook>?)[]
                 {
                     ("prestart", hooks.Prestart), ("createRuntime", hooks.CreateRuntime), ("createContainer", hooks.CreateContainer),
                     ("startContainer", hooks.StartContainer), ("poststart", hooks.Poststart), ("poststop", hooks.Poststop),
                 })
            foreach (var h in list ?? [])
            {
                if (string.IsNullOrEmpty(h.Path) || !h.Path.StartsWith('/')) throw RuntimeException.Invalid($"hooks.{name}: path must be absolute: {h.Path}");
                if (h.Timeout is <= 0) throw RuntimeException.Invalid($"hooks.{name}: timeout must be positive: {h.Path}");
            }
    }

    private static void ValidateSysctl(string key, bool hasNetNs, bool hasUtsNs)
    {
        if (s_namespacedSysctls.Contains(key)) return;
        foreach (var p in s_namespacedSysctlPrefixes) if (key.StartsWith(p, StringComparison.Ordinal)) return;
        if (key.StartsWith("net.", StringComparison.Ordinal))
        {
            if (hasNetNs) return;
            throw RuntimeException.Invalid($"linux.sysctl: {key} needs a network namespace");
        }
        if (key is "kernel.hostname" or "kernel.domainname")
            throw RuntimeException.Invalid($"linux.sysctl: {key} must be set with the {(key == "kernel.hostname" ? "hostname" : "domainname")} field");
        throw RuntimeException.Invalid($"linux.sysctl: {key} is not namespaced and would change the host");
    }

    private static bool NewNamespace(RuntimeLinux linux, NamespaceType type)
    {
        foreach (var ns in linux.Namespaces ?? [])
            if (NamespaceTypes.TryParseOci(ns.Type, out var t) && t == type) return true;
        return false;
    }
}
