namespace Berth.Cli.Values;

/// <summary>Image types of the Engine API (api/types/image and the OCI descriptor types).</summary>
internal static class ImageSchemas
{
    public const string Text = """
struct image.InspectResponse
ID string Id
RepoTags []string
RepoDigests []string
Parent string
Comment string
Created string ,omitempty
Container string ,omitempty
ContainerConfig *container.Config ,omitempty
DockerVersion string
Author string
Config *v1.DockerOCIImageConfig
Architecture string
Variant string ,omitempty
Os string
OsVersion string ,omitempty
Size int64
VirtualSize int64 VirtualSize,omitempty
GraphDriver storage.DriverData
RootFS image.RootFS
Metadata image.Metadata
Descriptor *v1.Descriptor Descriptor,omitempty
Manifests []image.ManifestSummary Manifests,omitempty

struct image.RootFS
Type string ,omitempty
Layers []string ,omitempty

struct image.Metadata
LastTagTime time.Time ,omitempty

struct v1.DockerOCIImageConfig
embed v1.ImageConfig
embed v1.DockerOCIImageConfigExt

struct v1.ImageConfig
User string User,omitempty
ExposedPorts map[string]struct{} ExposedPorts,omitempty
Env []string Env,omitempty
Entrypoint []string Entrypoint,omitempty
Cmd []string Cmd,omitempty
Volumes map[string]struct{} Volumes,omitempty
WorkingDir string WorkingDir,omitempty
Labels map[string]string Labels,omitempty
StopSignal string StopSignal,omitempty
ArgsEscaped bool ArgsEscaped,omitempty

struct v1.DockerOCIImageConfigExt
Healthcheck *v1.HealthcheckConfig ,omitempty
OnBuild []string ,omitempty
Shell []string ,omitempty

struct v1.Descriptor
MediaType string mediaType
Digest string digest
Size int64 size
URLs []string urls,omitempty
Annotations map[string]string annotations,omitempty
Data raw data,omitempty
Platform *v1.Platform platform,omitempty
ArtifactType string artifactType,omitempty

struct v1.Platform
Architecture string architecture
OS string os
OSVersion string os.version,omitempty
OSFeatures []string os.features,omitempty
Variant string variant,omitempty

struct image.ManifestSummary
ID string ID
Descriptor v1.Descriptor Descriptor
Available bool Available
Size image.ManifestSize Size
Kind string Kind
ImageData *image.ImageProperties ImageData,omitempty
AttestationData *image.AttestationProperties AttestationData,omitempty

struct image.ManifestSize
Content int64 Content
Total int64 Total

struct image.ImageProperties
Platform v1.Platform Platform
Size image.UnpackedSize
Containers []string Containers

struct image.UnpackedSize
Unpacked int64 Unpacked

struct image.AttestationProperties
For string For

struct image.Summary
Containers int64 Containers
Created int64 Created
ID string Id
Labels map[string]string Labels
ParentID string ParentId
Descriptor *v1.Descriptor Descriptor,omitempty
Manifests []image.ManifestSummary Manifests,omitempty
RepoDigests []string RepoDigests
RepoTags []string RepoTags
SharedSize int64 SharedSize
Size int64 Size
VirtualSize int64 VirtualSize,omitempty

struct image.HistoryResponseItem
Comment string Comment
Created int64 Created
CreatedBy string CreatedBy
ID string Id
Size int64 Size
Tags []string Tags

struct image.DeleteResponse
Deleted string Deleted,omitempty
Untagged string Untagged,omitempty

struct image.PruneReport
ImagesDeleted []*image.DeleteResponse
SpaceReclaimed uint64

struct build.CacheRecord
ID string
Parent string Parent,omitempty
Parents []string Parents,omitempty
Type string
Description string
InUse bool
Shared bool
Size int64
CreatedAt time.Time
LastUsedAt *time.Time
UsageCount int

struct build.CachePruneReport
CachesDeleted []string
SpaceReclaimed uint64

struct registry.AuthConfig
Username string username,omitempty
Password string password,omitempty
Auth string auth,omitempty
Email string email,omitempty
ServerAddress string serveraddress,omitempty
IdentityToken string identitytoken,omitempty
RegistryToken string registrytoken,omitempty

struct registry.AuthenticateOKBody
IdentityToken string IdentityToken
Status string Status
""";
}
