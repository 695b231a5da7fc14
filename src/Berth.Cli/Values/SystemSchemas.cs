namespace Berth.Cli.Values;

/// <summary>System types of the Engine API: info, version, events, disk usage.</summary>
internal static class SystemSchemas
{
    public const string Text = """
struct system.Info
ID string
Containers int
ContainersRunning int
ContainersPaused int
ContainersStopped int
Images int
Driver string
DriverStatus [][2]string
SystemStatus [][2]string ,omitempty
Plugins system.PluginsInfo
MemoryLimit bool
SwapLimit bool
KernelMemory bool ,omitempty
KernelMemoryTCP bool ,omitempty
CPUCfsPeriod bool CpuCfsPeriod
CPUCfsQuota bool CpuCfsQuota
CPUShares bool
CPUSet bool
PidsLimit bool
IPv4Forwarding bool
Debug bool
NFd int
OomKillDisable bool
NGoroutines int
SystemTime string
LoggingDriver string
CgroupDriver string
CgroupVersion string ,omitempty
NEventsListener int
KernelVersion string
OperatingSystem string
OSVersion string
OSType string
Architecture string
IndexServerAddress string
RegistryConfig *registry.ServiceConfig
NCPU int
MemTotal int64
GenericResources []any
DockerRootDir string
HTTPProxy string HttpProxy
HTTPSProxy string HttpsProxy
NoProxy string
Name string
Labels []string
ExperimentalBuild bool
ServerVersion string
Runtimes map[string]system.RuntimeWithStatus
DefaultRuntime string
Swarm swarm.Info
LiveRestoreEnabled bool
Isolation string
InitBinary string
ContainerdCommit system.Commit
RuncCommit system.Commit
InitCommit system.Commit
SecurityOptions []string
ProductLicense string ,omitempty
DefaultAddressPools []system.NetworkAddressPool ,omitempty
FirewallBackend *system.FirewallInfo FirewallBackend,omitempty
CDISpecDirs []string
DiscoveredDevices []system.DeviceInfo ,omitempty
Containerd *system.ContainerdInfo ,omitempty
Warnings []string

struct registry.ServiceConfig
AllowNondistributableArtifactsCIDRs []any ,omitempty
AllowNondistributableArtifactsHostnames []string ,omitempty
InsecureRegistryCIDRs []any
IndexConfigs map[string]*registry.IndexInfo
Mirrors []string

struct registry.IndexInfo
Name string
Mirrors []string
Secure bool
Official bool

struct system.RuntimeWithStatus
Path string path,omitempty
Args []string runtimeArgs,omitempty
Type string runtimeType,omitempty
Options map[string]any options,omitempty
Status map[string]string status,omitempty

struct system.PluginsInfo
Volume []string
Network []string
Authorization []string
Log []string

struct system.Commit
ID string
Expected string ,omitempty

struct system.NetworkAddressPool
Base string
Size int

struct system.FirewallInfo
Driver string Driver
Info [][2]string Info,omitempty

struct system.DeviceInfo
Source string Source
ID string ID

struct system.ContainerdInfo
Address string ,omitempty
Namespaces system.ContainerdNamespaces

struct system.ContainerdNamespaces
Containers string
Plugins string

struct swarm.Info
NodeID string
NodeAddr string
LocalNodeState string
ControlAvailable bool
Error string
RemoteManagers []swarm.Peer
Nodes int ,omitempty
Managers int ,omitempty
Cluster any ,omitempty
Warnings []string ,omitempty

struct swarm.Peer
NodeID string
Addr string

struct types.Version
Platform types.PlatformName ,omitempty
Components []types.ComponentVersion ,omitempty
Version string
APIVersion string ApiVersion
MinAPIVersion string MinAPIVersion,omitempty
GitCommit string
GoVersion string
Os string
Arch string
KernelVersion string ,omitempty
Experimental bool ,omitempty
BuildTime string ,omitempty

struct types.PlatformName
Name string

struct types.ComponentVersion
Name string
Version string
Details map[string]string ,omitempty

struct events.Message
Status string status,omitempty
ID string id,omitempty
From string from,omitempty
Type string
Action string
Actor events.Actor
Scope string scope,omitempty
Time int64 time,omitempty
TimeNano int64 timeNano,omitempty

struct events.Actor
ID string
Attributes map[string]string

struct system.dockerInfo
embed *system.Info
ServerErrors []string ,omitempty
UserName string -
ClientInfo *system.clientInfo ,omitempty
ClientErrors []string ,omitempty

struct system.clientInfo
Debug bool
embed system.clientVersion
Plugins []any
Warnings []string

struct system.versionInfo
Client system.clientVersion
Server *types.Version

struct system.clientVersion
Platform *system.platformInfo Platform,omitempty
Version string Version,omitempty
APIVersion string ApiVersion,omitempty
DefaultAPIVersion string DefaultAPIVersion,omitempty
GitCommit string GitCommit,omitempty
GoVersion string GoVersion,omitempty
Os string Os,omitempty
Arch string Arch,omitempty
BuildTime string BuildTime,omitempty
Context string Context

struct system.platformInfo
Name string Name,omitempty

struct types.DiskUsage
LayersSize int64
Images []*image.Summary
Containers []*container.Summary
Volumes []*volume.Volume
BuildCache []*build.CacheRecord
BuilderSize int64 ,omitempty
""";
}
