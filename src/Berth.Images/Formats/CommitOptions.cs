using Berth.Oci.Images;

namespace Berth.Images.Formats;

public sealed class CommitOptions
{
    /// <summary>The new image's run config (default: the parent's).</summary>
    public ContainerConfig? Config { get; init; }
    public string? Author { get; init; }
    public string? Comment { get; init; }
    /// <summary>The history line (<c>docker history</c>'s CREATED BY; a build step's instruction).</summary>
    public string? CreatedBy { get; init; }
    public ImageReference? Reference { get; init; }
    /// <summary>Record no layer when the snapshot has no changes (build steps like ENV).</summary>
    public bool SkipEmptyLayer { get; init; }
}
