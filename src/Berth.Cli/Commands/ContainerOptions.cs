using Berth.Cli.Options;
using Berth.Cli.Parsing;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>
/// The run/create flags: their validators and hidden forms, and docker's parse() that turns them into the
/// Config, HostConfig and NetworkingConfig JSON the daemon receives — field for field what docker CLI 28 sends.
/// </summary>
public static class ContainerOptions
{
    public static FlagSpec[] HiddenFlags() =>
    [
        new(FlagKind.List, "dns-opt", '\0', "Set DNS options") { Hidden = true, SameAs = "dns-option" },
        new(FlagKind.Network, "net", '\0', "Connect a container to a network") { Hidden = true, SameAs = "network" },
        new(FlagKind.List, "net-alias", '\0', "Add network-scoped alias for the container") { Hidden = true, SameAs = "network-alias" },
    ];

    public static void Configure(FlagSpec[] flags)
    {
        foreach (var f in flags)
        {
            f.Validator = f.Name switch
            {
                "attach" => Validators.Attach,
                "dns" => Validators.IpAddress,
                "dns-search" => Validators.DnsSearch,
                "device-cgroup-rule" => Validators.DeviceCgroupRule,
                "device-read-bps" or "device-write-bps" => Validators.ThrottleBps,
                "device-read-iops" or "device-write-iops" => Validators.ThrottleIops,
                "blkio-weight-device" => Validators.WeightDevice,
                "env" => Validators.Env,
                "add-host" => Validators.ExtraHost,
                "label" => Validators.Label,
                "link" => Validators.Link,
                "sysctl" => Validators.Sysctl,
                "network" or "net" => Validators.Network,
                "mount" => Validators.Mount,
                "gpus" => Validators.Gpus,
                _ => f.Validator,
            };
        }
    }

    public static GoStruct ParseRestartPolicy(string policy)
    {
        var p = GoSchema.New("container.RestartPolicy");
        if (policy.Length == 0) return p;
        int colon = policy.IndexOf(':');
        string k = colon < 0 ? policy : policy[..colon];
        string v = colon < 0 ? "" : policy[(colon + 1)..];
        if (colon >= 0 && k.Length == 0) throw new CliException("invalid restart policy format: no policy provided before colon");
        if (v.Length > 0)
        {
            if (!int.TryParse(v, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int count))
                throw new CliException("invalid restart policy format: maximum retry count must be an integer");
            p["MaximumRetryCount"] = (long)count;
        }
        p["Name"] = k;
        return p;
    }

    private static bool ValidMode(string mode, params string[] prefixes)
    {
        if (mode.Length == 0) return true;
        foreach (var p in prefixes)
            if (mode == p || (p.EndsWith(':') && mode.StartsWith(p, StringComparison.Ordinal) && mode.Length > p.Length)) return true;
        return false;
    }

    private static bool IsUserDefinedNetwork(string mode) =>
        mode is not ("default" or "bridge" or "host" or "none" or "") && !mode.StartsWith("container:", StringComparison.Ordinal);

    /// <summary>docker's parse(): refuses invalid combinations before anything is sent.</summary>
    public static ContainerConfig Build(CommandContext ctx, string image, IReadOnlyList<string> cmdArgs, IReadOnlyList<string> env)
    {
        var f = ctx.Flags;
        var attach = f.GetList("attach");
        bool attachStdin = attach.Contains("stdin");
        bool attachStdout = attach.Contains("stdout");
        bool attachStderr = attach.Contains("stderr");
        string mac = f.GetString("mac-address");
        if (mac.Length > 0 && !IsMac(mac)) throw new CliException($"{mac} is not a valid mac address");
        if (f.GetBool("interactive")) attachStdin = true;
        if (attach.Count == 0)
        {
            attachStdout = true;
            attachStderr = true;
        }
        long swappiness = f.GetInt("memory-swappiness");
        if (swappiness != -1 && (swappiness < 0 || swappiness > 100))
            throw new CliException($"invalid value: {swappiness}. Valid memory swappiness range is 0-100");

        // -v: binds (with a source) versus anonymous volumes
        var volumes = GoMap.EmptyOf(GoType.NewStruct("struct {}"));
        var volumeSet = new List<string>();
        foreach (var v in f.GetList("volume")) if (!volumeSet.Contains(v)) volumeSet.Add(v);
        List<string>? binds = null;
        foreach (var bind in volumeSet)
        {
            var parsed = VolumeSpec.Parse(bind);
            if (parsed.Source.Length > 0)
            {
                string toBind = bind;
                if (parsed.Type == "bind")
                {
                    int colon = bind.IndexOf(':');
                    if (colon >= 0)
                    {
                        string hostPart = bind[..colon];
                        if (!hostPart.StartsWith('/') && hostPart.StartsWith('.'))
                            hostPart = Path.GetFullPath(Path.Combine(ctx.Cli.IO.WorkingDirectory, hostPart)).TrimEnd('/');
                        toBind = hostPart + ":" + bind[(colon + 1)..];
                    }
                }
                (binds ??= new List<string>()).Add(toBind);
            }
            else volumes.Set(bind, GoZero.Of(GoType.NewStruct("struct {}")));
        }

        var tmpfs = GoMap.EmptyOf(GoType.String);
        foreach (var t in f.GetList("tmpfs"))
        {
            int colon = t.IndexOf(':');
            tmpfs.Set(colon < 0 ? t : t[..colon], colon < 0 ? "" : t[(colon + 1)..]);
        }

        GoSlice? runCmd = cmdArgs.Count > 0 ? GoSlice.Of(cmdArgs) : null;
        GoSlice? entrypoint = null;
        string ep = f.GetString("entrypoint");
        if (ep.Length > 0) entrypoint = GoSlice.Of([ep]);
        else if (f.Changed("entrypoint")) entrypoint = GoSlice.Of([""]);

        var (exposed, bindings) = PortSpecs.Parse(PortSpecs.ToStandardNotation(f.GetList("publish")));
        foreach (var e in f.GetList("expose"))
        {
            if (e.Contains(':')) throw new CliException($"invalid port format for --expose: {e}");
            var (proto, port) = PortSpecs.SplitProtoPort(e);
            ulong start, end;
            try
            {
                (start, end) = PortSpecs.ParsePortRange(port);
            }
            catch (FlagValueException ex)
            {
                throw new CliException($"invalid range format for --expose: {e}, error: {ex.Message}");
            }
            for (ulong i = start; i <= end; i++)
            {
                string key = $"{i}/{proto.ToLowerInvariant()}";
                if (exposed.Get(key) is null) exposed.Set(key, GoZero.Of(GoType.NewStruct("struct {}")));
            }
        }

        var devices = GoSlice.Empty(GoSchema.Get("container.DeviceMapping"));
        var cdiDevices = new List<string>();
        foreach (var device in f.GetList("device"))
        {
            if (IsCdiName(device))
            {
                cdiDevices.Add(device);
                continue;
            }
            devices.Items!.Add(ParseDevice(ValidateDevice(device)));
        }

        // --env-file then -e; docker rebuilds the list through a map, so a key keeps one (the last) value
        var envList = new List<string>();
        foreach (var file in f.GetList("env-file")) envList.AddRange(KeyValueFile.Parse(file, ctx.Cli.Env));
        envList.AddRange(env);
        var labelList = new List<string>();
        foreach (var file in f.GetList("label-file")) labelList.AddRange(KeyValueFile.Parse(file, null));
        labelList.AddRange(f.GetList("label"));

        string pidMode = f.GetString("pid");
        if (!ValidMode(pidMode, "host", "container:")) throw new CliException("--pid: invalid PID mode");
        string utsMode = f.GetString("uts");
        if (!ValidMode(utsMode, "host")) throw new CliException("--uts: invalid UTS mode");
        string usernsMode = f.GetString("userns");
        if (!ValidMode(usernsMode, "host")) throw new CliException("--userns: invalid USER mode");
        string cgroupnsMode = f.GetString("cgroupns");
        if (cgroupnsMode is not ("" or "host" or "private")) throw new CliException("--cgroupns: invalid CGROUP mode");

        var restart = ParseRestartPolicy(f.GetString("restart"));
        string logDriver = f.GetString("log-driver");
        var logOpts = f.GetList("log-opt");
        if (logDriver == "none" && logOpts.Count > 0) throw new CliException($"invalid logging opts for driver {logDriver}");

        var securityOpts = ParseSecurityOpts(f.GetList("security-opt"));
        GoSlice? masked = null, readonlyPaths = null;
        var filteredSecurity = new List<string>();
        foreach (var opt in securityOpts)
        {
            if (opt == "systempaths=unconfined")
            {
                masked = GoSlice.Of(Array.Empty<string>());
                readonlyPaths = GoSlice.Of(Array.Empty<string>());
            }
            else filteredSecurity.Add(opt);
        }

        var storageOpts = GoMap.EmptyOf(GoType.String);
        foreach (var option in f.GetList("storage-opt"))
        {
            int eq = option.IndexOf('=');
            if (eq < 0) throw new CliException("invalid storage option");
            storageOpts.Set(option[..eq], option[(eq + 1)..]);
        }

        GoStruct? health = null;
        string healthCmd = f.GetString("health-cmd");
        long interval = f.GetDuration("health-interval"), timeout = f.GetDuration("health-timeout"),
            startPeriod = f.GetDuration("health-start-period"), startInterval = f.GetDuration("health-start-interval");
        long retries = f.GetInt("health-retries");
        bool haveHealth = healthCmd.Length > 0 || interval != 0 || timeout != 0 || startPeriod != 0 || retries != 0 || startInterval != 0;
        if (f.GetBool("no-healthcheck"))
        {
            if (haveHealth) throw new CliException("--no-healthcheck conflicts with --health-* options");
            health = GoSchema.New("v1.HealthcheckConfig");
            health["Test"] = GoSlice.Of(["NONE"]);
        }
        else if (haveHealth)
        {
            if (interval < 0) throw new CliException("--health-interval cannot be negative");
            if (timeout < 0) throw new CliException("--health-timeout cannot be negative");
            if (retries < 0) throw new CliException("--health-retries cannot be negative");
            if (startPeriod < 0) throw new CliException("--health-start-period cannot be negative");
            if (startInterval < 0) throw new CliException("--health-start-interval cannot be negative");
            health = GoSchema.New("v1.HealthcheckConfig");
            if (healthCmd.Length > 0) health["Test"] = GoSlice.Of(["CMD-SHELL", healthCmd]);
            health["Interval"] = new GoDurationValue(interval);
            health["Timeout"] = new GoDurationValue(timeout);
            health["StartPeriod"] = new GoDurationValue(startPeriod);
            health["StartInterval"] = new GoDurationValue(startInterval);
            health["Retries"] = retries;
        }

        var deviceRequests = new List<object?>();
        foreach (var g in f.GetList("gpus")) deviceRequests.Add(GpuRequest.Parse(g));
        if (cdiDevices.Count > 0)
        {
            var cdi = GoSchema.New("container.DeviceRequest");
            cdi["Driver"] = "cdi";
            cdi["DeviceIDs"] = GoSlice.Of(cdiDevices);
            deviceRequests.Add(cdi);
        }

        // Ulimits: one per name (the last wins), sorted by name
        var ulimits = new SortedDictionary<string, UlimitSpec>(StringComparer.Ordinal);
        foreach (var u in f.GetList("ulimit"))
        {
            var spec = UlimitSpec.Parse(u);
            ulimits[spec.Name] = spec;
        }

        var hc = GoSchema.New("container.HostConfig");
        hc["CgroupParent"] = f.GetString("cgroup-parent");
        hc["Memory"] = f.GetBytes("memory");
        hc["MemoryReservation"] = f.GetBytes("memory-reservation");
        hc["MemorySwap"] = f.GetBytes("memory-swap");
        hc["MemorySwappiness"] = swappiness;
        hc["KernelMemory"] = 0L;
        hc["OomKillDisable"] = f.GetBool("oom-kill-disable");
        hc["NanoCPUs"] = f.GetNanoCpus("cpus");
        hc["CPUCount"] = f.GetInt("cpu-count");
        hc["CPUPercent"] = f.GetInt("cpu-percent");
        hc["CPUShares"] = f.GetInt("cpu-shares");
        hc["CPUPeriod"] = f.GetInt("cpu-period");
        hc["CpusetCpus"] = f.GetString("cpuset-cpus");
        hc["CpusetMems"] = f.GetString("cpuset-mems");
        hc["CPUQuota"] = f.GetInt("cpu-quota");
        hc["CPURealtimePeriod"] = f.GetInt("cpu-rt-period");
        hc["CPURealtimeRuntime"] = f.GetInt("cpu-rt-runtime");
        hc["PidsLimit"] = f.GetInt("pids-limit");
        hc["BlkioWeight"] = f.GetUint("blkio-weight");
        hc["BlkioWeightDevice"] = DeviceList("blkiodev.WeightDevice", f.GetList("blkio-weight-device"), "Weight", bytes: false);
        hc["BlkioDeviceReadBps"] = DeviceList("blkiodev.ThrottleDevice", f.GetList("device-read-bps"), "Rate", bytes: true);
        hc["BlkioDeviceWriteBps"] = DeviceList("blkiodev.ThrottleDevice", f.GetList("device-write-bps"), "Rate", bytes: true);
        hc["BlkioDeviceReadIOps"] = DeviceList("blkiodev.ThrottleDevice", f.GetList("device-read-iops"), "Rate", bytes: false);
        hc["BlkioDeviceWriteIOps"] = DeviceList("blkiodev.ThrottleDevice", f.GetList("device-write-iops"), "Rate", bytes: false);
        hc["IOMaximumIOps"] = f.GetUint("io-maxiops");
        hc["IOMaximumBandwidth"] = (ulong)Math.Max(0, f.GetBytes("io-maxbandwidth"));
        var ulimitSlice = GoSlice.Empty(GoSchema.Get("units.Ulimit"));
        foreach (var u in ulimits.Values)
        {
            var s = GoSchema.New("units.Ulimit");
            s["Name"] = u.Name;
            s["Hard"] = u.Hard;
            s["Soft"] = u.Soft;
            ulimitSlice.Items!.Add(s);
        }
        hc["Ulimits"] = ulimitSlice;
        hc["DeviceCgroupRules"] = NilIfEmpty(f.GetList("device-cgroup-rule"));
        hc["Devices"] = devices;
        hc["DeviceRequests"] = deviceRequests.Count > 0 ? new GoSlice(GoType.SliceOf(GoSchema.Get("container.DeviceRequest")), deviceRequests) : new GoSlice(GoType.SliceOf(GoSchema.Get("container.DeviceRequest")), null);

        var config = GoSchema.New("container.Config");
        config["Hostname"] = f.GetString("hostname");
        config["Domainname"] = f.GetString("domainname");
        config["ExposedPorts"] = exposed;
        config["User"] = f.GetString("user");
        config["Tty"] = f.GetBool("tty");
        config["OpenStdin"] = f.GetBool("interactive");
        config["AttachStdin"] = attachStdin;
        config["AttachStdout"] = attachStdout;
        config["AttachStderr"] = attachStderr;
        config["Env"] = NilIfEmpty(DedupeEnv(envList));
        config["Cmd"] = runCmd ?? new GoSlice(GoType.StringSlice, null);
        config["Image"] = image;
        config["Volumes"] = volumes;
        config["MacAddress"] = mac;
        config["Entrypoint"] = entrypoint ?? new GoSlice(GoType.StringSlice, null);
        config["WorkingDir"] = f.GetString("workdir");
        var labels = GoMap.EmptyOf(GoType.String);
        foreach (var l in labelList)
        {
            int eq = l.IndexOf('=');
            labels.Set(eq < 0 ? l : l[..eq], eq < 0 ? "" : l[(eq + 1)..]);
        }
        config["Labels"] = labels;
        config["StopSignal"] = f.GetString("stop-signal");
        if (health is not null) config["Healthcheck"] = health;
        if (f.Changed("stop-timeout")) config["StopTimeout"] = f.GetInt("stop-timeout");

        var networks = f.GetList("network").Select(NetworkAttachment.Parse).ToList();
        string networkMode = networks.Count > 0 ? networks[0].Target : "default";

        hc["Binds"] = binds is null ? new GoSlice(GoType.StringSlice, null) : GoSlice.Of(binds);
        hc["ContainerIDFile"] = f.GetString("cidfile");
        hc["OomScoreAdj"] = f.GetInt("oom-score-adj");
        hc["AutoRemove"] = f.GetBool("rm");
        hc["Privileged"] = f.GetBool("privileged");
        hc["PortBindings"] = bindings;
        hc["Links"] = NilIfEmpty(f.GetList("link"));
        hc["PublishAllPorts"] = f.GetBool("publish-all");
        hc["DNS"] = GoSlice.Of(f.GetList("dns"));
        hc["DNSSearch"] = GoSlice.Of(f.GetList("dns-search"));
        hc["DNSOptions"] = GoSlice.Of(f.GetList("dns-option"));
        hc["ExtraHosts"] = NilIfEmpty(f.GetList("add-host"));
        hc["VolumesFrom"] = NilIfEmpty(f.GetList("volumes-from"));
        hc["IpcMode"] = f.GetString("ipc");
        hc["NetworkMode"] = networkMode;
        hc["PidMode"] = pidMode;
        hc["UTSMode"] = utsMode;
        hc["UsernsMode"] = usernsMode;
        hc["CgroupnsMode"] = cgroupnsMode;
        hc["CapAdd"] = NilIfEmpty(NormalizeCaps(f.GetList("cap-add")));
        hc["CapDrop"] = NilIfEmpty(NormalizeCaps(f.GetList("cap-drop")));
        hc["GroupAdd"] = NilIfEmpty(f.GetList("group-add"));
        hc["RestartPolicy"] = restart;
        hc["SecurityOpt"] = NilIfEmpty(filteredSecurity);
        hc["StorageOpt"] = storageOpts;
        hc["ReadonlyRootfs"] = f.GetBool("read-only");
        var logConfig = GoSchema.New("container.LogConfig");
        logConfig["Type"] = logDriver;
        var logMap = GoMap.EmptyOf(GoType.String);
        foreach (var o in logOpts)
        {
            int eq = o.IndexOf('=');
            logMap.Set(eq < 0 ? o : o[..eq], eq < 0 ? "" : o[(eq + 1)..]);
        }
        logConfig["Config"] = logMap;
        hc["LogConfig"] = logConfig;
        hc["VolumeDriver"] = f.GetString("volume-driver");
        hc["Isolation"] = f.GetString("isolation");
        hc["ShmSize"] = f.GetBytes("shm-size");
        hc["Tmpfs"] = tmpfs;
        var sysctls = GoMap.EmptyOf(GoType.String);
        foreach (var s in f.GetList("sysctl"))
        {
            int eq = s.IndexOf('=');
            sysctls.Set(s[..eq], s[(eq + 1)..]);
        }
        hc["Sysctls"] = sysctls;
        hc["Runtime"] = f.GetString("runtime");
        var mounts = f.GetList("mount").Select(m => (object?)MountSpec.Parse(m, ctx.Cli.IO.WorkingDirectory)).ToList();
        hc["Mounts"] = new GoSlice(GoType.SliceOf(GoSchema.Get("mount.Mount")), mounts.Count > 0 ? mounts : null);
        hc["MaskedPaths"] = masked ?? new GoSlice(GoType.StringSlice, null);
        hc["ReadonlyPaths"] = readonlyPaths ?? new GoSlice(GoType.StringSlice, null);
        var annotations = GoMap.EmptyOf(GoType.String);
        foreach (var a in f.GetList("annotation"))
        {
            int eq = a.IndexOf('=');
            annotations.Set(eq < 0 ? a : a[..eq], eq < 0 ? "" : a[(eq + 1)..]);
        }
        hc["Annotations"] = annotations;
        if (f.GetBool("rm") && restart.Str("Name") is not ("" or "no"))
            throw new CliException("conflicting options: cannot specify both --restart and --rm");
        if (f.Changed("init")) hc["Init"] = f.GetBool("init");
        if (config.Bool("OpenStdin") && config.Bool("AttachStdin")) config["StdinOnce"] = true;

        var endpoints = ParseNetworkOpts(ctx, networks);
        var networking = GoSchema.New("network.NetworkingConfig");
        networking["EndpointsConfig"] = endpoints;
        if (endpoints.Get(networkMode) is GoStruct nw) config["MacAddress"] = nw.Str("MacAddress");
        return new ContainerConfig(config, hc, networking);
    }

    private static GoSlice NilIfEmpty(IReadOnlyList<string> values) =>
        values.Count == 0 ? new GoSlice(GoType.StringSlice, null) : GoSlice.Of(values);

    /// <summary>The client's normalizeCapabilities: upper case, "CAP_" prefix, unique, sorted.</summary>
    private static List<string> NormalizeCaps(IReadOnlyList<string> caps)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var c in caps)
        {
            string u = c.ToUpperInvariant();
            if (u != "ALL" && !u.StartsWith("CAP_", StringComparison.Ordinal)) u = "CAP_" + u;
            set.Add(u);
        }
        return set.ToList();
    }

    private static List<string> DedupeEnv(List<string> env)
    {
        var order = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in env)
        {
            int eq = e.IndexOf('=');
            string key = eq < 0 ? e : e[..eq];
            if (!values.ContainsKey(key)) order.Add(key);
            values[key] = e;
        }
        return order.Select(k => values[k]).ToList();
    }

    private static GoSlice DeviceList(string type, IReadOnlyList<string> values, string field, bool bytes)
    {
        var slice = GoSlice.Empty(GoSchema.Get(type));
        foreach (var v in values)
        {
            int colon = v.IndexOf(':');
            var d = GoSchema.New(type);
            d["Path"] = v[..colon];
            string rate = v[(colon + 1)..];
            d[field] = bytes ? (ulong)Formatting.Units.RamInBytes(rate) : ulong.Parse(rate, System.Globalization.CultureInfo.InvariantCulture);
            slice.Items!.Add(d);
        }
        return slice;
    }

    private static bool IsMac(string s)
    {
        var parts = s.Trim().Split(':', '-');
        if (parts.Length is not (6 or 8 or 20)) return false;
        return parts.All(p => p.Length == 2 && p.All(char.IsAsciiHexDigit));
    }

    private static bool IsCdiName(string device)
    {
        // vendor.com/class=name
        int slash = device.IndexOf('/');
        int eq = device.IndexOf('=');
        return slash > 0 && eq > slash && !device.StartsWith('/') && device[..slash].Contains('.');
    }

    private static bool ValidDeviceMode(string mode)
    {
        if (mode.Length == 0) return false;
        var seen = new HashSet<char>();
        foreach (char c in mode)
            if (c is not ('r' or 'w' or 'm') || !seen.Add(c)) return false;
        return true;
    }

    private static string ValidateDevice(string val)
    {
        if (val.Count(c => c == ':') > 2) throw new CliException($"bad format for path: {val}");
        var split = val.Split(':', 3);
        if (split[0].Length == 0) throw new CliException($"bad format for path: {val}");
        string containerPath;
        switch (split.Length)
        {
            case 1:
                containerPath = split[0];
                val = CleanPath(containerPath);
                break;
            case 2:
                if (ValidDeviceMode(split[1]))
                {
                    containerPath = split[0];
                    val = CleanPath(containerPath) + ":" + split[1];
                }
                else
                {
                    containerPath = split[1];
                    val = split[0] + ":" + CleanPath(containerPath);
                }
                break;
            default:
                containerPath = split[1];
                if (!ValidDeviceMode(split[2])) throw new CliException($"bad mode specified: {split[2]}");
                val = $"{split[0]}:{containerPath}:{split[2]}";
                break;
        }
        if (!containerPath.StartsWith('/')) throw new CliException($"{containerPath} is not an absolute path");
        return val;
    }

    private static string CleanPath(string p)
    {
        var parts = new List<string>();
        foreach (var s in p.Split('/'))
        {
            if (s is "" or ".") continue;
            if (s == ".." && parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
            else if (s == ".." && p.StartsWith('/')) continue;
            else parts.Add(s);
        }
        string r = string.Join("/", parts);
        return p.StartsWith('/') ? "/" + r : (r.Length == 0 ? "." : r);
    }

    private static GoStruct ParseDevice(string device)
    {
        string src, dst = "", permissions = "rwm";
        var arr = device.Split(':', 4);
        switch (arr.Length)
        {
            case 3:
                permissions = arr[2];
                if (ValidDeviceMode(arr[1])) permissions = arr[1];
                else dst = arr[1];
                src = arr[0];
                break;
            case 2:
                if (ValidDeviceMode(arr[1])) permissions = arr[1];
                else dst = arr[1];
                src = arr[0];
                break;
            case 1:
                src = arr[0];
                break;
            default:
                throw new CliException($"invalid device specification: {device}");
        }
        if (dst.Length == 0) dst = src;
        var m = GoSchema.New("container.DeviceMapping");
        m["PathOnHost"] = src;
        m["PathInContainer"] = dst;
        m["CgroupPermissions"] = permissions;
        return m;
    }

    private static List<string> ParseSecurityOpts(IReadOnlyList<string> opts)
    {
        var result = new List<string>();
        foreach (var opt in opts)
        {
            int eq = opt.IndexOf('=');
            string k = eq < 0 ? opt : opt[..eq];
            string v = eq < 0 ? "" : opt[(eq + 1)..];
            bool ok = eq >= 0;
            if (!ok && k != "no-new-privileges")
            {
                int colon = opt.IndexOf(':');
                ok = colon >= 0;
                k = colon < 0 ? opt : opt[..colon];
                v = colon < 0 ? "" : opt[(colon + 1)..];
            }
            if ((!ok || v.Length == 0) && k != "no-new-privileges")
                throw new CliException($"Invalid --security-opt: {Formatting.GoStrings.Quote(opt)}");
            if (k == "seccomp" && v is not ("builtin" or "unconfined"))
            {
                string text;
                try
                {
                    text = File.ReadAllText(v);
                }
                catch (IOException e)
                {
                    throw new CliException($"opening seccomp profile ({v}) failed: open {v}: {e.Message}");
                }
                result.Add("seccomp=" + GoJson.CompactJson(text));
                continue;
            }
            result.Add(opt);
        }
        return result;
    }

    private static GoMap ParseNetworkOpts(CommandContext ctx, List<NetworkAttachment> networks)
    {
        var f = ctx.Flags;
        var endpoints = GoMap.EmptyOf(GoType.PointerTo(GoSchema.Get("network.EndpointSettings")));
        bool hasUserDefined = false, hasNonUserDefined = false;
        if (networks.Count == 0)
        {
            var n = NetworkAttachment.Parse("default");
            ApplyContainerOptions(n, f);
            endpoints.Set("default", ToEndpoint(n));
        }
        for (int i = 0; i < networks.Count; i++)
        {
            var n = networks[i];
            if (IsUserDefinedNetwork(n.Target)) hasUserDefined = true;
            else hasNonUserDefined = true;
            if (i == 0) ApplyContainerOptions(n, f);
            var ep = ToEndpoint(n);
            if (endpoints.Get(n.Target) is not null)
                throw new CliException($"network {Formatting.GoStrings.Quote(n.Target)} is specified multiple times");
            if (i == 0 && networks.Count == 1 && IsEmptyEndpoint(ep)) continue;
            endpoints.Set(n.Target, ep);
        }
        if (hasUserDefined && hasNonUserDefined)
            throw new CliException("conflicting options: cannot attach both user-defined and non-user-defined network-modes");
        return endpoints;
    }

    private static bool IsEmptyEndpoint(GoStruct ep) =>
        GoJson.Encode(ep) == GoJson.Encode(GoSchema.New("network.EndpointSettings"));

    private static void ApplyContainerOptions(NetworkAttachment n, FlagValues f)
    {
        var aliases = f.GetList("network-alias");
        var links = f.GetList("link");
        string ip = f.GetString("ip"), ip6 = f.GetString("ip6"), mac = f.GetString("mac-address");
        var linkLocal = f.GetList("link-local-ip");
        if (n.Aliases is { Count: > 0 } && aliases.Count > 0)
            throw new CliException("conflicting options: cannot specify both --network-alias and per-network alias");
        if (n.Links is { Count: > 0 } && links.Count > 0)
            throw new CliException("conflicting options: cannot specify both --link and per-network links");
        if (n.IPv4Address.Length > 0 && ip.Length > 0)
            throw new CliException("conflicting options: cannot specify both --ip and per-network IPv4 address");
        if (n.IPv6Address.Length > 0 && ip6.Length > 0)
            throw new CliException("conflicting options: cannot specify both --ip6 and per-network IPv6 address");
        if (n.MacAddress.Length > 0 && mac.Length > 0)
            throw new CliException("conflicting options: cannot specify both --mac-address and per-network MAC address");
        if (n.LinkLocalIPs is { Count: > 0 } && linkLocal.Count > 0)
            throw new CliException("conflicting options: cannot specify both --link-local-ip and per-network link-local IP addresses");
        if (aliases.Count > 0) n.ReplaceAliases(aliases);
        if (IsUserDefinedNetwork(n.Target) && links.Count > 0) n.Links = links.ToList();
        if (ip.Length > 0) n.IPv4Address = ip;
        if (ip6.Length > 0) n.IPv6Address = ip6;
        if (mac.Length > 0) n.MacAddress = mac;
        if (linkLocal.Count > 0) n.LinkLocalIPs = linkLocal.ToList();
    }

    private static GoStruct ToEndpoint(NetworkAttachment n)
    {
        if (n.Target.Trim().Length == 0) throw new CliException("no name set for network");
        if (!IsUserDefinedNetwork(n.Target))
        {
            if (n.Aliases is { Count: > 0 }) throw new CliException("network-scoped aliases are only supported for user-defined networks");
            if (n.Links is { Count: > 0 }) throw new CliException("links are only supported for user-defined networks");
        }
        var ep = GoSchema.New("network.EndpointSettings");
        ep["GwPriority"] = n.GwPriority;
        if (n.Aliases is { Count: > 0 }) ep["Aliases"] = GoSlice.Of(n.Aliases);
        if (n.DriverOpts is { Count: > 0 }) ep["DriverOpts"] = GoMap.Of(n.DriverOpts);
        if (n.Links is { Count: > 0 }) ep["Links"] = GoSlice.Of(n.Links);
        if (n.IPv4Address.Length > 0 || n.IPv6Address.Length > 0 || n.LinkLocalIPs is { Count: > 0 })
        {
            var ipam = GoSchema.New("network.EndpointIPAMConfig");
            ipam["IPv4Address"] = n.IPv4Address;
            ipam["IPv6Address"] = n.IPv6Address;
            if (n.LinkLocalIPs is not null) ipam["LinkLocalIPs"] = GoSlice.Of(n.LinkLocalIPs);
            ep["IPAMConfig"] = ipam;
        }
        if (n.MacAddress.Length > 0)
        {
            if (!IsMac(n.MacAddress)) throw new CliException($"{n.MacAddress} is not a valid mac address");
            ep["MacAddress"] = n.MacAddress;
        }
        return ep;
    }
}
