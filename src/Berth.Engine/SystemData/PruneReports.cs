using Berth.Engine.Model;

namespace Berth.Engine.SystemData;

/// <summary>POST /containers/prune.</summary>
public sealed class ContainerPruneReport
{
    public List<string> ContainersDeleted { get; set; } = new();
    public long SpaceReclaimed { get; set; }
}

/// <summary>POST /images/prune.</summary>
public sealed class ImagePruneReport
{
    public List<ImageDeleteResponseItem> ImagesDeleted { get; set; } = new();
    public long SpaceReclaimed { get; set; }
}

/// <summary>POST /build/prune.</summary>
public sealed class BuildCachePruneReport
{
    public List<string> CachesDeleted { get; set; } = new();
    public long SpaceReclaimed { get; set; }
}

/// <summary>GET /system/df.</summary>
public sealed class SystemDiskUsage
{
    public long LayersSize { get; set; }
    public List<ImageSummary>? Images { get; set; }
    public List<ContainerSummary>? Containers { get; set; }
    public List<Volume>? Volumes { get; set; }
    public List<BuildCache>? BuildCache { get; set; }
    public long? BuilderSize { get; set; }
}
