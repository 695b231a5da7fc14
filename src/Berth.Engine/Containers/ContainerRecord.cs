using Berth.Engine.Model;

namespace Berth.Engine.Containers;

/// <summary>What the daemon persists about a container (one JSON document per row of the containers table).</summary>
public sealed class ContainerRecord
{
    public string Id { get; set; } = "";
    /// <summary>Without the leading slash Docker shows.</summary>
    public string Name { get; set; } = "";
    public DateTimeOffset Created { get; set; }
    public string Path { get; set; } = "";
    public List<string> Args { get; set; } = new();
    public ContainerConfig Config { get; set; } = new();
    public HostConfig HostConfig { get; set; } = new();
    public NetworkingConfig? NetworkingConfig { get; set; }
    /// <summary>The image id (config digest), sha256:….</summary>
    public string ImageId { get; set; } = "";
    public ContainerRunState State { get; set; } = new();
    public long RestartCount { get; set; }
    public List<PlannedMount> Mounts { get; set; } = new();
    public NetworkSettings? NetworkSettings { get; set; }
    public string LogPath { get; set; } = "";
    public string ResolvConfPath { get; set; } = "";
    public string HostnamePath { get; set; } = "";
    public string HostsPath { get; set; } = "";
    /// <summary>Set by an explicit stop/kill, so that restart policies "unless-stopped"/"always" act as Docker's do.</summary>
    public bool ManuallyStopped { get; set; }
    public bool HasBeenStarted { get; set; }
    /// <summary>Volumes created for this container (anonymous ones are removed with rm -v).</summary>
    public List<string> AnonymousVolumes { get; set; } = new();
}

/// <summary>The State object of inspect, as the daemon keeps it.</summary>
public sealed class ContainerRunState
{
    /// <summary>created, running, paused, restarting, removing, exited or dead.</summary>
    public string Status { get; set; } = "created";
    public int Pid { get; set; }
    public int ExitCode { get; set; }
    public string Error { get; set; } = "";
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public bool OomKilled { get; set; }
    public HealthRecord? Health { get; set; }

    public bool Running => Status is "running" or "paused" or "restarting";
}

public sealed class HealthRecord
{
    /// <summary>none, starting, healthy or unhealthy.</summary>
    public string Status { get; set; } = "starting";
    public long FailingStreak { get; set; }
    public List<HealthcheckResult> Log { get; set; } = new();
}
