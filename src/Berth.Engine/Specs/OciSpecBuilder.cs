using Berth.Engine.Errors;
using Berth.Engine.Model;
using Berth.Oci.Runtime;

namespace Berth.Engine.Specs;

/// <summary>
/// Turns a container's Config + HostConfig into the OCI runtime config, starting from Docker's defaults
/// (../shared/reference/moby-defaults): capabilities, masked and read-only paths, default mounts, device rules.
/// </summary>
public static class OciSpecBuilder
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static readonly string[] MaskedPaths =
    [
        "/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
        "/proc/sched_debug", "/proc/scsi", "/proc/timer_list", "/proc/timer_stats", "/sys/devices/virtual/powercap", "/sys/firmware",
    ];

    private static readonly string[] ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    public static RuntimeSpec Build(SpecInputs input)
    {
        var c = input.Container;
        var cfg = c.Config;
        var hc = c.HostConfig;
        bool privileged = hc.Privileged == true;
        var securityOpts = ParseSecurityOpts(hc.SecurityOpt);
        bool unconfinedPaths = privileged || securityOpts.TryGetValue("systempaths", out var sp) && sp == "unconfined";

        var env = new List<string>(cfg.Env ?? []);
        if (!env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal))) env.Insert(0, "PATH=" + DefaultPath);
        if (!env.Any(e => e.StartsWith("HOSTNAME=", StringComparison.Ordinal))) env.Insert(1, "HOSTNAME=" + (cfg.Hostname ?? ""));
        if (cfg.Tty == true && !env.Any(e => e.StartsWith("TERM=", StringComparison.Ordinal))) env.Add("TERM=xterm");

        var caps = privileged ? Capabilities.Known().ToList() : Capabilities.Apply(Capabilities.DockerDefault, hc.CapAdd, hc.CapDrop);
        var args = new List<string>();
        if (input.InitArgs is not null) args.AddRange(input.InitArgs);
        args.Add(c.Path);
        args.AddRange(c.Args);

        var process = new RuntimeProcess
        {
            Terminal = cfg.Tty == true,
            // Docker lists the primary group among the supplementary ones too (`id` shows groups=<gid>,...).
            User = new RuntimeUser { Uid = input.Uid, Gid = input.Gid, AdditionalGids = [input.Gid, .. input.AdditionalGids.Where(g => g != input.Gid)] },
            Args = args,
            Env = env,
            Cwd = string.IsNullOrEmpty(cfg.WorkingDir) ? "/" : cfg.WorkingDir,
            Capabilities = new LinuxCapabilities { Bounding = caps, Effective = caps, Permitted = caps },
            NoNewPrivileges = securityOpts.TryGetValue("no-new-privileges", out var nnp) && nnp != "false",
            OomScoreAdj = hc.OomScoreAdj is long adj && adj != 0 ? (int)adj : null,
            Rlimits = hc.Ulimits?.Select(u => new PosixRlimit
            {
                Type = "RLIMIT_" + (u.Name ?? "").ToUpperInvariant(),
                Soft = (ulong)(u.Soft ?? 0),
                Hard = (ulong)(u.Hard ?? 0),
            }).ToList(),
        };
        if (hc.ConsoleSize is { Count: 2 } size && size[0] > 0 && size[1] > 0)
            process.ConsoleSize = new ConsoleSize { Height = (uint)size[0], Width = (uint)size[1] };

        var spec = new RuntimeSpec
        {
            Process = process,
            Root = new RuntimeRoot { Path = input.RootfsPath, Readonly = hc.ReadonlyRootfs == true },
            Hostname = hc.NetworkMode == "host" && string.IsNullOrEmpty(cfg.Hostname) ? null : cfg.Hostname,
            Domainname = string.IsNullOrEmpty(cfg.Domainname) ? null : cfg.Domainname,
            Mounts = DefaultMounts(input, privileged),
            Linux = new RuntimeLinux
            {
                CgroupsPath = input.CgroupsPath,
                Namespaces = Namespaces(input),
                Resources = Resources(hc, privileged),
                MaskedPaths = unconfinedPaths ? null : MaskedPathsForHost(),
                ReadonlyPaths = unconfinedPaths ? null : ReadonlyPaths.ToList(),
                Sysctl = hc.Sysctls is { Count: > 0 } ? new Dictionary<string, string>(hc.Sysctls) : null,
                Seccomp = input.Seccomp,
                Devices = Devices(hc, privileged),
            },
            Annotations = new Dictionary<string, string> { ["org.opencontainers.image.stopSignal"] = cfg.StopSignal ?? "SIGTERM" },
        };
        return spec;
    }

    private static List<string> MaskedPathsForHost()
    {
        var list = MaskedPaths.ToList();
        for (int cpu = 0; cpu < 1024; cpu++)
        {
            string p = $"/sys/devices/system/cpu/cpu{cpu}";
            if (!Directory.Exists(p)) break;
            if (Directory.Exists(p + "/thermal_throttle")) list.Add(p + "/thermal_throttle");
        }
        return list;
    }

    private static List<RuntimeMount> DefaultMounts(SpecInputs input, bool privileged)
    {
        var hc = input.Container.HostConfig;
        long shmSize = hc.ShmSize is > 0 ? hc.ShmSize.Value : 64L * 1024 * 1024;
        var userDest = new HashSet<string>(input.UserMounts.Select(m => m.Destination.TrimEnd('/')));
        var mounts = new List<RuntimeMount>
        {
            M("/proc", "proc", "proc", "nosuid", "noexec", "nodev"),
            M("/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k"),
            M("/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"),
            privileged ? M("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "rw") : M("/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro"),
            privileged ? M("/sys/fs/cgroup", "cgroup", "cgroup", "rw", "nosuid", "noexec", "nodev") : M("/sys/fs/cgroup", "cgroup", "cgroup", "ro", "nosuid", "noexec", "nodev"),
            M("/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev"),
        };
        if (hc.IpcMode is not "host" && !userDest.Contains("/dev/shm"))
            mounts.Add(M("/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", $"size={shmSize}"));
        if (input.CgroupV2) mounts[4] = M("/sys/fs/cgroup", "cgroup2", "cgroup", privileged ? "rw" : "ro", "nosuid", "noexec", "nodev");
        void Bind(string? source, string dest)
        {
            if (source is null || userDest.Contains(dest)) return;
            mounts.Add(new RuntimeMount { Destination = dest, Type = "bind", Source = source, Options = ["rbind", "rprivate"] });
        }
        Bind(input.ResolvConfPath, "/etc/resolv.conf");
        Bind(input.HostnamePath, "/etc/hostname");
        Bind(input.HostsPath, "/etc/hosts");
        mounts.AddRange(input.InitMounts);
        mounts.AddRange(input.UserMounts);
        return mounts;
    }

    private static RuntimeMount M(string dest, string type, string source, params string[] options) =>
        new() { Destination = dest, Type = type, Source = source, Options = options.ToList() };

    private static List<LinuxNamespace> Namespaces(SpecInputs input)
    {
        var hc = input.Container.HostConfig;
        var list = new List<LinuxNamespace> { new() { Type = "mount" } };
        void Add(string type, string? mode)
        {
            if (input.JoinNamespaces.TryGetValue(type, out var path)) list.Add(new LinuxNamespace { Type = type, Path = path });
            else if (mode != "host") list.Add(new LinuxNamespace { Type = type });
        }
        if (input.JoinNamespaces.TryGetValue("network", out var netPath)) list.Add(new LinuxNamespace { Type = "network", Path = netPath });
        else if (input.NetworkNamespacePath is not null) list.Add(new LinuxNamespace { Type = "network", Path = input.NetworkNamespacePath });
        else if (input.NewNetworkNamespace) list.Add(new LinuxNamespace { Type = "network" });
        Add("uts", hc.UTSMode);
        Add("pid", hc.PidMode);
        Add("ipc", hc.IpcMode is "shareable" or "private" or null or "" ? null : hc.IpcMode);
        string cgroupns = string.IsNullOrEmpty(hc.CgroupnsMode) ? (input.CgroupV2 ? "private" : "host") : hc.CgroupnsMode;
        if (cgroupns == "private") list.Add(new LinuxNamespace { Type = "cgroup" });
        return list;
    }

    private static List<LinuxDevice>? Devices(HostConfig hc, bool privileged)
    {
        var list = new List<LinuxDevice>();
        foreach (var d in hc.Devices ?? [])
        {
            string host = d.PathOnHost ?? throw EngineException.Invalid("device mapping without PathOnHost");
            string inContainer = string.IsNullOrEmpty(d.PathInContainer) ? host : d.PathInContainer;
            var (type, major, minor, mode) = DeviceInfo.Stat(host);
            list.Add(new LinuxDevice { Path = inContainer, Type = type, Major = major, Minor = minor, FileMode = mode & 0xfff, Uid = 0, Gid = 0 });
        }
        if (privileged)
        {
            foreach (var (path, type, major, minor, mode) in DeviceInfo.HostDevices())
                if (!list.Any(x => x.Path == path))
                    list.Add(new LinuxDevice { Path = path, Type = type, Major = major, Minor = minor, FileMode = mode & 0xfff, Uid = 0, Gid = 0 });
        }
        return list.Count > 0 ? list : null;
    }

    private static LinuxResources Resources(HostConfig hc, bool privileged)
    {
        var r = new LinuxResources();
        var devices = new List<LinuxDeviceCgroup>();
        if (privileged) devices.Add(new LinuxDeviceCgroup { Allow = true, Access = "rwm" });
        else
        {
            devices.Add(new LinuxDeviceCgroup { Allow = false, Access = "rwm" });
            foreach (var (maj, min) in new (long, long)[] { (1, 5), (1, 3), (1, 9), (1, 8), (5, 0), (5, 1) })
                devices.Add(new LinuxDeviceCgroup { Allow = true, Type = "c", Major = maj, Minor = min, Access = "rwm" });
            devices.Add(new LinuxDeviceCgroup { Allow = false, Type = "c", Major = 10, Minor = 229, Access = "rwm" });
            devices.Add(new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 136, Access = "rwm" });
            devices.Add(new LinuxDeviceCgroup { Allow = true, Type = "c", Major = 5, Minor = 2, Access = "rwm" });
            foreach (var d in hc.Devices ?? [])
            {
                var (type, major, minor, _) = DeviceInfo.Stat(d.PathOnHost!);
                devices.Add(new LinuxDeviceCgroup { Allow = true, Type = type, Major = major, Minor = minor, Access = string.IsNullOrEmpty(d.CgroupPermissions) ? "rwm" : d.CgroupPermissions });
            }
            foreach (var rule in hc.DeviceCgroupRules ?? []) devices.Add(DeviceInfo.ParseCgroupRule(rule));
        }
        r.Devices = devices;

        long memory = hc.Memory ?? 0;
        if (memory > 0 || hc.MemoryReservation > 0 || hc.MemorySwap is not null and not 0 || hc.MemorySwappiness is >= 0 || hc.OomKillDisable == true || hc.KernelMemoryTCP > 0)
        {
            r.Memory = new LinuxMemory
            {
                Limit = memory > 0 ? memory : null,
                Reservation = hc.MemoryReservation > 0 ? hc.MemoryReservation : null,
                Swap = hc.MemorySwap switch
                {
                    -1 => -1,
                    > 0 => hc.MemorySwap,
                    _ when memory > 0 => memory * 2,
                    _ => null,
                },
                Swappiness = hc.MemorySwappiness is >= 0 and <= 100 ? (ulong)hc.MemorySwappiness.Value : null,
                DisableOomKiller = hc.OomKillDisable == true ? true : null,
                KernelTcp = hc.KernelMemoryTCP > 0 ? hc.KernelMemoryTCP : null,
            };
        }

        var cpu = new LinuxCpu();
        bool anyCpu = false;
        if (hc.CpuShares is > 0) { cpu.Shares = (ulong)hc.CpuShares.Value; anyCpu = true; }
        if (hc.NanoCpus is > 0)
        {
            cpu.Period = 100_000;
            cpu.Quota = hc.NanoCpus.Value * 100_000 / 1_000_000_000;
            anyCpu = true;
        }
        if (hc.CpuPeriod is > 0) { cpu.Period = (ulong)hc.CpuPeriod.Value; anyCpu = true; }
        if (hc.CpuQuota is > 0) { cpu.Quota = hc.CpuQuota; anyCpu = true; }
        if (!string.IsNullOrEmpty(hc.CpusetCpus)) { cpu.Cpus = hc.CpusetCpus; anyCpu = true; }
        if (!string.IsNullOrEmpty(hc.CpusetMems)) { cpu.Mems = hc.CpusetMems; anyCpu = true; }
        if (hc.CpuRealtimePeriod is > 0) { cpu.RealtimePeriod = (ulong)hc.CpuRealtimePeriod.Value; anyCpu = true; }
        if (hc.CpuRealtimeRuntime is > 0) { cpu.RealtimeRuntime = hc.CpuRealtimeRuntime; anyCpu = true; }
        if (anyCpu) r.Cpu = cpu;

        if (hc.PidsLimit is > 0) r.Pids = new LinuxPids { Limit = hc.PidsLimit.Value };

        if (hc.BlkioWeight is > 0 || hc.BlkioWeightDevice is { Count: > 0 } || hc.BlkioDeviceReadBps is { Count: > 0 }
            || hc.BlkioDeviceWriteBps is { Count: > 0 } || hc.BlkioDeviceReadIOps is { Count: > 0 } || hc.BlkioDeviceWriteIOps is { Count: > 0 })
        {
            List<LinuxThrottleDevice>? Throttle(List<ThrottleDevice>? list) => list is { Count: > 0 }
                ? list.Select(t => { var (_, ma, mi, _) = DeviceInfo.Stat(t.Path!); return new LinuxThrottleDevice { Major = ma, Minor = mi, Rate = (ulong)(t.Rate ?? 0) }; }).ToList()
                : null;
            r.BlockIO = new LinuxBlockIo
            {
                Weight = hc.BlkioWeight is > 0 ? (ushort)hc.BlkioWeight.Value : null,
                WeightDevice = hc.BlkioWeightDevice?.Select(w => { var (_, ma, mi, _) = DeviceInfo.Stat(w.Path!); return new LinuxWeightDevice { Major = ma, Minor = mi, Weight = (ushort)(w.Weight ?? 0) }; }).ToList(),
                ThrottleReadBpsDevice = Throttle(hc.BlkioDeviceReadBps),
                ThrottleWriteBpsDevice = Throttle(hc.BlkioDeviceWriteBps),
                ThrottleReadIopsDevice = Throttle(hc.BlkioDeviceReadIOps),
                ThrottleWriteIopsDevice = Throttle(hc.BlkioDeviceWriteIOps),
            };
        }
        return r;
    }

    /// <summary>"no-new-privileges", "no-new-privileges:true", "seccomp=…", "systempaths=unconfined", "apparmor=…".</summary>
    public static Dictionary<string, string> ParseSecurityOpts(IEnumerable<string>? opts)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in opts ?? [])
        {
            if (o == "no-new-privileges") { d["no-new-privileges"] = "true"; continue; }
            int sep = o.IndexOfAny(['=', ':']);
            if (sep <= 0) throw EngineException.Invalid($"invalid --security-opt: \"{o}\"");
            string key = o[..sep], value = o[(sep + 1)..];
            switch (key)
            {
                case "no-new-privileges":
                    if (value is not ("true" or "false")) throw EngineException.Invalid($"invalid --security-opt 2: \"{o}\"");
                    break;
                case "seccomp" or "apparmor" or "label" or "systempaths" or "writable-cgroups" or "mask" or "unmask":
                    break;
                default:
                    throw EngineException.Invalid($"invalid --security-opt 2: \"{o}\"");
            }
            d[key] = value;
        }
        return d;
    }
}
