namespace Berth.Oci.Runtime;

/// <summary>The state JSON of runtime.md ("state" operation), as runc prints it.</summary>
public sealed class ContainerState
{
    public string OciVersion { get; set; } = "1.2.0";
    public string Id { get; set; } = "";
    /// <summary>creating, created, running, paused or stopped.</summary>
    public string Status { get; set; } = "";
    public int Pid { get; set; }
    public string Bundle { get; set; } = "";
    public Dictionary<string, string>? Annotations { get; set; }
}
