namespace Berth.Cli.Values;

/// <summary>Container types of the Engine API (docker/docker api/types/container as vendored by docker CLI 28).</summary>
internal static class ContainerSchemas
{
    public const string Text = """
struct container.Config
Hostname string
Domainname string
User string
AttachStdin bool
AttachStdout bool
AttachStderr bool
ExposedPorts map[string]struct{} ,omitempty
Tty bool
OpenStdin bool
StdinOnce bool
Env []string
Cmd []string
Healthcheck *v1.HealthcheckConfig ,omitempty
ArgsEscaped bool ,omitempty
Image string
Volumes map[string]struct{}
WorkingDir string
Entrypoint []string
NetworkDisabled bool ,omitempty
MacAddress string ,omitempty
OnBuild []string
Labels map[string]string
StopSignal string ,omitempty
StopTimeout *int ,omitempty
Shell []string ,omitempty

struct v1.HealthcheckConfig
Test []string ,omitempty
Interval time.Duration ,omitempty
Timeout time.Duration ,omitempty
StartPeriod time.Duration ,omitempty
StartInterval time.Duration ,omitempty
Retries int ,omitempty

struct container.CreateRequest
embed *container.Config
HostConfig *container.HostConfig ,omitempty
NetworkingConfig *network.NetworkingConfig ,omitempty

struct container.CreateResponse
ID string Id
Warnings []string

struct container.LogConfig
Type string
Config map[string]string

struct container.RestartPolicy
Name string
MaximumRetryCount int

struct container.DeviceMapping
PathOnHost string
PathInContainer string
CgroupPermissions string

struct container.DeviceRequest
Driver string
Count int
DeviceIDs []string
Capabilities [][]string
Options map[string]string

struct blkiodev.WeightDevice
Path string
Weight uint16

struct blkiodev.ThrottleDevice
Path string
Rate uint64

struct units.Ulimit
Name string
Hard int64
Soft int64

struct nat.PortBinding
HostIP string HostIp
HostPort string

struct container.Resources
CPUShares int64 CpuShares
Memory int64
NanoCPUs int64 NanoCpus
CgroupParent string
BlkioWeight uint16
BlkioWeightDevice []*blkiodev.WeightDevice
BlkioDeviceReadBps []*blkiodev.ThrottleDevice
BlkioDeviceWriteBps []*blkiodev.ThrottleDevice
BlkioDeviceReadIOps []*blkiodev.ThrottleDevice
BlkioDeviceWriteIOps []*blkiodev.ThrottleDevice
CPUPeriod int64 CpuPeriod
CPUQuota int64 CpuQuota
CPURealtimePeriod int64 CpuRealtimePeriod
CPURealtimeRuntime int64 CpuRealtimeRuntime
CpusetCpus string
CpusetMems string
Devices []container.DeviceMapping
DeviceCgroupRules []string
DeviceRequests []container.DeviceRequest
KernelMemory int64 ,omitempty
KernelMemoryTCP int64 ,omitempty
MemoryReservation int64
MemorySwap int64
MemorySwappiness *int64
OomKillDisable *bool
PidsLimit *int64
Ulimits []*units.Ulimit
CPUCount int64 CpuCount
CPUPercent int64 CpuPercent
IOMaximumIOps uint64
IOMaximumBandwidth uint64

struct container.UpdateConfig
embed container.Resources
RestartPolicy container.RestartPolicy

struct container.UpdateResponse
Warnings []string

struct container.HostConfig
Binds []string
ContainerIDFile string
LogConfig container.LogConfig
NetworkMode string
PortBindings map[string][]nat.PortBinding
RestartPolicy container.RestartPolicy
AutoRemove bool
VolumeDriver string
VolumesFrom []string
ConsoleSize [2]uint
Annotations map[string]string ,omitempty
CapAdd []string
CapDrop []string
CgroupnsMode string
DNS []string Dns
DNSOptions []string DnsOptions
DNSSearch []string DnsSearch
ExtraHosts []string
GroupAdd []string
IpcMode string
Cgroup string
Links []string
OomScoreAdj int
PidMode string
Privileged bool
PublishAllPorts bool
ReadonlyRootfs bool
SecurityOpt []string
StorageOpt map[string]string ,omitempty
Tmpfs map[string]string ,omitempty
UTSMode string
UsernsMode string
ShmSize int64
Sysctls map[string]string ,omitempty
Runtime string ,omitempty
Isolation string
embed container.Resources
Mounts []mount.Mount ,omitempty
MaskedPaths []string
ReadonlyPaths []string
Init *bool ,omitempty

struct mount.Mount
Type string ,omitempty
Source string ,omitempty
Target string ,omitempty
ReadOnly bool ,omitempty
Consistency string ,omitempty
BindOptions *mount.BindOptions ,omitempty
VolumeOptions *mount.VolumeOptions ,omitempty
ImageOptions *mount.ImageOptions ,omitempty
TmpfsOptions *mount.TmpfsOptions ,omitempty
ClusterOptions *mount.ClusterOptions ,omitempty

struct mount.BindOptions
Propagation string ,omitempty
NonRecursive bool ,omitempty
CreateMountpoint bool ,omitempty
ReadOnlyNonRecursive bool ,omitempty
ReadOnlyForceRecursive bool ,omitempty

struct mount.VolumeOptions
NoCopy bool ,omitempty
Labels map[string]string ,omitempty
Subpath string ,omitempty
DriverConfig *mount.Driver ,omitempty

struct mount.ImageOptions
Subpath string ,omitempty

struct mount.Driver
Name string ,omitempty
Options map[string]string ,omitempty

struct mount.TmpfsOptions
SizeBytes int64 ,omitempty
Mode uint32 ,omitempty
Options [][]string ,omitempty

struct mount.ClusterOptions

struct container.ContainerJSONBase
ID string Id
Created string
Path string
Args []string
State *container.State
Image string
ResolvConfPath string
HostnamePath string
HostsPath string
LogPath string
Name string
RestartCount int
Driver string
Platform string
MountLabel string
ProcessLabel string
AppArmorProfile string
ExecIDs []string
HostConfig *container.HostConfig
GraphDriver storage.DriverData
SizeRw *int64 ,omitempty
SizeRootFs *int64 ,omitempty

struct container.InspectResponse
embed *container.ContainerJSONBase
Mounts []container.MountPoint
Config *container.Config
NetworkSettings *container.NetworkSettings
ImageManifestDescriptor *v1.Descriptor ImageManifestDescriptor,omitempty

struct container.State
Status string
Running bool
Paused bool
Restarting bool
OOMKilled bool
Dead bool
Pid int
ExitCode int
Error string
StartedAt string
FinishedAt string
Health *container.Health ,omitempty

struct container.Health
Status string
FailingStreak int
Log []*container.HealthcheckResult

struct container.HealthcheckResult
Start time.Time
End time.Time
ExitCode int
Output string

struct container.MountPoint
Type string ,omitempty
Name string ,omitempty
Source string
Destination string
Driver string ,omitempty
Mode string
RW bool
Propagation string

struct storage.DriverData
Data map[string]string Data
Name string Name

struct container.NetworkSettings
embed container.NetworkSettingsBase
embed container.DefaultNetworkSettings
Networks map[string]*network.EndpointSettings

struct container.NetworkSettingsBase
Bridge string
SandboxID string
SandboxKey string
Ports map[string][]nat.PortBinding
HairpinMode bool
LinkLocalIPv6Address string
LinkLocalIPv6PrefixLen int
SecondaryIPAddresses []network.Address
SecondaryIPv6Addresses []network.Address

struct container.DefaultNetworkSettings
EndpointID string
Gateway string
GlobalIPv6Address string
GlobalIPv6PrefixLen int
IPAddress string
IPPrefixLen int
IPv6Gateway string
MacAddress string

struct network.Address
Addr string
PrefixLen int

struct container.Summary
ID string Id
Names []string
Image string
ImageID string
ImageManifestDescriptor *v1.Descriptor ImageManifestDescriptor,omitempty
Command string
Created int64
Ports []container.Port
SizeRw int64 ,omitempty
SizeRootFs int64 ,omitempty
Labels map[string]string
State string
Status string
HostConfig container.SummaryHostConfig
NetworkSettings *container.NetworkSettingsSummary
Mounts []container.MountPoint

struct container.SummaryHostConfig
NetworkMode string ,omitempty
Annotations map[string]string ,omitempty

struct container.NetworkSettingsSummary
Networks map[string]*network.EndpointSettings

struct container.Port
IP string IP,omitempty
PrivatePort uint16 PrivatePort
PublicPort uint16 PublicPort,omitempty
Type string Type

struct container.ExecOptions
User string
Privileged bool
Tty bool
ConsoleSize *[2]uint ,omitempty
AttachStdin bool
AttachStderr bool
AttachStdout bool
Detach bool
DetachKeys string
Env []string
WorkingDir string
Cmd []string

struct container.ExecStartOptions
Detach bool
Tty bool
ConsoleSize *[2]uint ,omitempty

struct container.ExecInspect
ExecID string ID
ContainerID string
Running bool
ExitCode int
Pid int

struct container.WaitResponse
Error *container.WaitExitError Error,omitempty
StatusCode int64 StatusCode

struct container.WaitExitError
Message string Message,omitempty

struct container.TopResponse
Processes [][]string Processes
Titles []string Titles

struct container.FilesystemChange
Kind int Kind
Path string Path

struct container.PruneReport
ContainersDeleted []string
SpaceReclaimed uint64

struct common.IDResponse
ID string Id
""";
}
