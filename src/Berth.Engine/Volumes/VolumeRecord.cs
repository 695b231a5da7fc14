namespace Berth.Engine.Volumes;

/// <summary>A local volume as berth.db keeps it.</summary>
public sealed class VolumeRecord
{
    public string Name { get; set; } = "";
    public string Driver { get; set; } = "local";
    public DateTimeOffset CreatedAt { get; set; }
    public Dictionary<string, string> Labels { get; set; } = new();
    /// <summary>Driver options: type, device, o (mount(8)-style), as Docker's local driver takes them.</summary>
    public Dictionary<string, string> Options { get; set; } = new();
    /// <summary>True for volumes made for an image VOLUME or "-v /path" (no name given).</summary>
    public bool Anonymous { get; set; }
    /// <summary>Set once the image's content was copied in (copy-up happens on first mount only).</summary>
    public bool Populated { get; set; }
}
