using Berth.Oci.Runtime;

namespace Berth.Runtime.State;

/// <summary>What the runtime keeps about one container in &lt;root&gt;/&lt;id&gt;/state.json.</summary>
internal sealed class ContainerRecord
{
    public string OciVersion { get; set; } = "";
    public string Id { get; set; } = "";
    /// <summary>The persisted status: creating, created or running (stopped and paused are observed, not stored).</summary>
    public string Status { get; set; } = "creating";
    /// <summary>Host pid of the container's init (then of the user program, which is the same process).</summary>
    public int Pid { get; set; }
    /// <summary>The init's start time (/proc/&lt;pid&gt;/stat field 22), to tell it from a later process with the same pid.</summary>
    public ulong PidStartTime { get; set; }
    public string Bundle { get; set; } = "";
    public string Rootfs { get; set; } = "";
    public string Created { get; set; } = "";
    public Dictionary<string, string>? Annotations { get; set; }
    /// <summary>The cgroup path given to the cgroup manager.</summary>
    public string CgroupPath { get; set; } = "";
    /// <summary>The namespaces the container has apart from the host's (type names as in the OCI spec).</summary>
    public List<string> Namespaces { get; set; } = new();
    public bool NoPivot { get; set; }
    public RuntimeHooks? Hooks { get; set; }
    /// <summary>Applied to exec'd processes too.</summary>
    public LinuxSeccomp? Seccomp { get; set; }
    public string? Hostname { get; set; }
    /// <summary>The container's process as configured: the defaults of an exec given only a command.</summary>
    public RuntimeProcess? Process { get; set; }
}
