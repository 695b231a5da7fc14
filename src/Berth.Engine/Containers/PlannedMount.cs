namespace Berth.Engine.Containers;

/// <summary>A mount decided at create (from Binds, Mounts, Tmpfs, image VOLUMEs), applied at each start.</summary>
public sealed class PlannedMount
{
    /// <summary>bind, volume or tmpfs.</summary>
    public string Type { get; set; } = "";
    /// <summary>Host path (bind) or volume name (volume); empty for tmpfs.</summary>
    public string Source { get; set; } = "";
    public string Destination { get; set; } = "";
    public bool ReadOnly { get; set; }
    /// <summary>rprivate (default), private, rshared, shared, rslave, slave.</summary>
    public string Propagation { get; set; } = "";
    /// <summary>Mode text as given in -v (e.g. "ro,z"), shown by inspect.</summary>
    public string Mode { get; set; } = "";
    public bool NoCopy { get; set; }
    public bool NonRecursive { get; set; }
    /// <summary>Filesystem options of a tmpfs (size=…, mode=…, and flags).</summary>
    public List<string> TmpfsOptions { get; set; } = new();
    /// <summary>Volume subpath (--mount volume-subpath=).</summary>
    public string? Subpath { get; set; }
    /// <summary>Whether this came from an anonymous volume (image VOLUME or "-v /path").</summary>
    public bool Anonymous { get; set; }
}
