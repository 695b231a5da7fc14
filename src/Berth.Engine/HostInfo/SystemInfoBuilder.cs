using Berth.Engine.Model;

namespace Berth.Engine.HostInfo;

/// <summary>Builds GET /info from real figures.</summary>
public static class SystemInfoBuilder
{
    public static SystemInfo Build(BerthEngine engine, (int Total, int Running, int Paused, int Stopped) containers, int images)
    {
        var host = engine.Host;
        string cgroupVersion = DetectCgroupVersion();
        return new SystemInfo
        {
            ID = engine.Id,
            Containers = containers.Total,
            ContainersRunning = containers.Running,
            ContainersPaused = containers.Paused,
            ContainersStopped = containers.Stopped,
            Images = images,
            Driver = "overlay2",
            DriverStatus = [["Backing Filesystem", "extfs"], ["Supports d_type", "true"], ["Using metacopy", "false"], ["Native Overlay Diff", "true"]],
            DockerRootDir = engine.Options.DataRoot,
            Plugins = null,
            MemoryLimit = true,
            SwapLimit = File.Exists("/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes") || cgroupVersion == "2",
            CpuCfsPeriod = true,
            CpuCfsQuota = true,
            CPUShares = true,
            CPUSet = true,
            PidsLimit = true,
            OomKillDisable = cgroupVersion == "1",
            IPv4Forwarding = ReadFlag("/proc/sys/net/ipv4/ip_forward"),
            Debug = engine.Options.Debug,
            NFd = CountFds(),
            NGoroutines = Environment.ProcessorCount,
            SystemTime = Filtering.Timestamps.Format(DateTimeOffset.UtcNow),
            LoggingDriver = "json-file",
            CgroupDriver = "cgroupfs",
            CgroupVersion = cgroupVersion,
            NEventsListener = 0,
            KernelVersion = host.KernelVersion,
            OperatingSystem = host.OperatingSystem,
            OSVersion = host.OsVersion,
            OSType = "linux",
            Architecture = host.Architecture,
            NCPU = host.Cpus,
            MemTotal = host.MemTotal,
            IndexServerAddress = "https://index.docker.io/v1/",
            RegistryConfig = new RegistryServiceConfig
            {
                InsecureRegistryCIDRs = ["127.0.0.0/8", "::1/128"],
                IndexConfigs = new Dictionary<string, IndexInfo>
                {
                    ["docker.io"] = new IndexInfo { Name = "docker.io", Mirrors = [], Secure = true, Official = true },
                },
                Mirrors = [],
            },
            GenericResources = null,
            HttpProxy = Environment.GetEnvironmentVariable("HTTP_PROXY") ?? "",
            HttpsProxy = Environment.GetEnvironmentVariable("HTTPS_PROXY") ?? "",
            NoProxy = Environment.GetEnvironmentVariable("NO_PROXY") ?? "",
            Name = host.Hostname,
            Labels = [],
            ExperimentalBuild = false,
            ServerVersion = EngineInfo.Version,
            Runtimes = new Dictionary<string, RuntimeInfo>
            {
                ["berth"] = new RuntimeInfo { Path = "berth-runtime" },
                ["runc"] = new RuntimeInfo { Path = "berth-runtime" },
            },
            DefaultRuntime = "runc",
            LiveRestoreEnabled = true,
            Isolation = "",
            InitBinary = "berth-shim",
            ContainerdCommit = new Commit { ID = "" },
            RuncCommit = new Commit { ID = EngineInfo.GitCommit },
            InitCommit = new Commit { ID = EngineInfo.GitCommit },
            SecurityOptions = ["name=seccomp,profile=builtin", "name=cgroupns"],
            Warnings = [],
        };
    }

    private static string DetectCgroupVersion()
    {
        return File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "2" : "1";
    }

    private static bool ReadFlag(string path)
    {
        try { return File.ReadAllText(path).Trim() == "1"; } catch { return false; }
    }

    private static int CountFds()
    {
        try { return Directory.GetFiles("/proc/self/fd").Length; } catch { return 0; }
    }
}
