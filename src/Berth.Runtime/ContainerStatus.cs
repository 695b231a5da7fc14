namespace Berth.Runtime;

/// <summary>The OCI container states (runtime.md), plus paused as runc reports it.</summary>
public enum ContainerStatus
{
    Creating,
    Created,
    Running,
    Paused,
    Stopped,
}

public static class ContainerStatusNames
{
    /// <summary>The state name exactly as the OCI spec and runc write it.</summary>
    public static string ToOci(this ContainerStatus status) => status switch
    {
        ContainerStatus.Creating => "creating",
        ContainerStatus.Created => "created",
        ContainerStatus.Running => "running",
        ContainerStatus.Paused => "paused",
        _ => "stopped",
    };

    public static ContainerStatus Parse(string name) => name switch
    {
        "creating" => ContainerStatus.Creating,
        "created" => ContainerStatus.Created,
        "running" => ContainerStatus.Running,
        "paused" => ContainerStatus.Paused,
        _ => ContainerStatus.Stopped,
    };
}
