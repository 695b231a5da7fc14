using Berth.Engine.Containers;

namespace Berth.Engine.Health;

/// <summary>Runs a container's HEALTHCHECK on its schedule while it runs (filled in by the health-check work).</summary>
public sealed class HealthMonitor
{
    public void Start(Container c) { }
    public void Stop(Container c) { }
}
