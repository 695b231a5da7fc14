using Berth.Linux.Fs;

namespace Berth.Images.Layers;

/// <summary>
/// What a snapshot's overlay mount is made of: lower directories (top first), upper and work. <see cref="Options"/>
/// is the mount(2) data with absolute paths; for many layers it can exceed a page, so prefer <see cref="MountAt"/>.
/// </summary>
public sealed record OverlaySpec(IReadOnlyList<string> LowerDirs, string? UpperDir, string? WorkDir)
{
    public string Type => "overlay";
    public string Source => "overlay";
    public string Options => OverlayMount.Options(LowerDirs, UpperDir, WorkDir);

    /// <summary>Mounts it on <paramref name="target"/> (which must exist).</summary>
    public void MountAt(string target, bool readOnly = false, OverlayMountMethod method = OverlayMountMethod.Auto) =>
        OverlayMount.Mount(LowerDirs, UpperDir, WorkDir, target, readOnly, method);
}
