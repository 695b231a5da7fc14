namespace Berth.Images.Archive;

public sealed class TarApplyOptions
{
    public WhiteoutMode Whiteouts { get; init; } = WhiteoutMode.Overlay;

    /// <summary>Set owners from the tar (needs root; off by default for other users).</summary>
    public bool PreserveOwners { get; init; } = Environment.IsPrivilegedProcess;

    /// <summary>Create device nodes (needs CAP_MKNOD); when false they are skipped.</summary>
    public bool CreateDevices { get; init; } = Environment.IsPrivilegedProcess;

    /// <summary>The xattr that marks an opaque directory (<c>user.overlay.opaque</c> for overlay's userxattr mode).</summary>
    public string OpaqueXattr { get; init; } = "trusted.overlay.opaque";

    /// <summary>Called with the bytes of the tar consumed so far, now and then (for "Extracting" progress).</summary>
    public Action<long>? Progress { get; init; }
}
