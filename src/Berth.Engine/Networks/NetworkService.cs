namespace Berth.Engine.Networks;

/// <summary>Networks of the daemon (bridge, host, none, user-defined), on top of Berth.Network.</summary>
public sealed partial class NetworkService
{
    private readonly BerthEngine _engine;

    public NetworkService(BerthEngine engine) => _engine = engine;

    public bool Exists(string idOrName) => idOrName is "bridge" or "host" or "none";
}

public sealed partial class NetworkService
{
    /// <summary>Connects a container's endpoints before its start; returns the netns to join.</summary>
    public Task<Containers.NetworkPlan> ConnectForStartAsync(Containers.Container c, CancellationToken cancel) =>
        Task.FromResult(new Containers.NetworkPlan(null, true, false, null));

    public void DisconnectAfterStop(Containers.Container c) { }

    /// <summary>True when the network layer writes the container's hosts and resolv.conf itself.</summary>
    public bool WritesFiles(Containers.Container c) => false;
}

public sealed partial class NetworkService
{
    /// <summary>NetworkSettings of inspect; null lets the caller use its defaults.</summary>
    public Model.NetworkSettings? Settings(Containers.Container c) => null;

    public List<Model.Port>? PortSummaries(Containers.Container c) => null;

    public bool IsConnected(Containers.Container c, string network) => false;

    /// <summary>The container is gone: forget its endpoints.</summary>
    public void Forget(Containers.Container c) { }
}
