using Berth.Images.Archive;
using Berth.Linux.Fs;

namespace Berth.Images.Layers;

public sealed class LayerStoreOptions
{
    /// <summary>
    /// syncfs before a layer is recorded, so that a power cut cannot leave a recorded layer with lost data. Off by
    /// default, as in Docker and containerd: it costs about a third of a cold pull here, and a kill -9 (which
    /// loses no page cache) is safe without it.
    /// </summary>
    public bool SyncOnCommit { get; init; }

    public OverlayMountMethod MountMethod { get; init; } = OverlayMountMethod.Auto;

    /// <summary><c>trusted.overlay.opaque</c> as root; <c>user.overlay.opaque</c> for overlay's userxattr mode.</summary>
    public string OpaqueXattr { get; init; } = "trusted.overlay.opaque";

    public bool PreserveOwners { get; init; } = Environment.IsPrivilegedProcess;

    public bool CreateDevices { get; init; } = Environment.IsPrivilegedProcess;

    internal TarApplyOptions Tar(Action<long>? progress) => new()
    {
        Whiteouts = WhiteoutMode.Overlay,
        PreserveOwners = PreserveOwners,
        CreateDevices = CreateDevices,
        OpaqueXattr = OpaqueXattr,
        Progress = progress,
    };
}
