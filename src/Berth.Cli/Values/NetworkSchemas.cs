namespace Berth.Cli.Values;

/// <summary>Network and volume types of the Engine API (api/types/network and api/types/volume).</summary>
internal static class NetworkSchemas
{
    public const string Text = """
struct network.NetworkingConfig
EndpointsConfig map[string]*network.EndpointSettings

struct network.EndpointSettings
IPAMConfig *network.EndpointIPAMConfig
Links []string
Aliases []string
MacAddress string
DriverOpts map[string]string
GwPriority int
NetworkID string
EndpointID string
Gateway string
IPAddress string
IPPrefixLen int
IPv6Gateway string
GlobalIPv6Address string
GlobalIPv6PrefixLen int
DNSNames []string

struct network.EndpointIPAMConfig
IPv4Address string ,omitempty
IPv6Address string ,omitempty
LinkLocalIPs []string ,omitempty

struct network.Inspect
Name string
ID string Id
Created time.Time
Scope string
Driver string
EnableIPv4 bool
EnableIPv6 bool
IPAM network.IPAM
Internal bool
Attachable bool
Ingress bool
ConfigFrom network.ConfigReference
ConfigOnly bool
Containers map[string]network.EndpointResource
Options map[string]string
Labels map[string]string
Peers []network.PeerInfo ,omitempty
Services map[string]any ,omitempty

struct network.IPAM
Driver string
Options map[string]string
Config []network.IPAMConfig

struct network.IPAMConfig
Subnet string ,omitempty
IPRange string ,omitempty
Gateway string ,omitempty
AuxAddress map[string]string AuxiliaryAddresses,omitempty

struct network.ConfigReference
Network string

struct network.EndpointResource
Name string
EndpointID string
MacAddress string
IPv4Address string
IPv6Address string

struct network.PeerInfo
Name string
IP string

struct network.CreateOptions
Driver string
Scope string
EnableIPv4 *bool ,omitempty
EnableIPv6 *bool ,omitempty
IPAM *network.IPAM
Internal bool
Attachable bool
Ingress bool
ConfigOnly bool
ConfigFrom *network.ConfigReference
Options map[string]string
Labels map[string]string

struct network.CreateRequest
embed network.CreateOptions
Name string
CheckDuplicate *bool ,omitempty

struct network.CreateResponse
ID string Id
Warning string

struct network.ConnectOptions
Container string
EndpointConfig *network.EndpointSettings ,omitempty

struct network.DisconnectOptions
Container string
Force bool

struct network.PruneReport
NetworksDeleted []string

struct volume.Volume
ClusterVolume any ClusterVolume,omitempty
CreatedAt string CreatedAt,omitempty
Driver string Driver
Labels map[string]string Labels
Mountpoint string Mountpoint
Name string Name
Options map[string]string Options
Scope string Scope
Status map[string]any Status,omitempty
UsageData *volume.UsageData UsageData,omitempty

struct volume.UsageData
RefCount int64 RefCount
Size int64 Size

struct volume.ListResponse
Volumes []*volume.Volume Volumes
Warnings []string Warnings

struct volume.CreateOptions
ClusterVolumeSpec any ClusterVolumeSpec,omitempty
Driver string Driver,omitempty
DriverOpts map[string]string DriverOpts,omitempty
Labels map[string]string Labels,omitempty
Name string Name,omitempty

struct volume.PruneReport
VolumesDeleted []string
SpaceReclaimed uint64
""";
}
