namespace Berth.Engine.Networks.Api;

/// <summary>The answer of POST /networks/prune: names of the removed networks (null when none, as Docker).</summary>
public sealed class NetworkPruneReport
{
    public List<string>? NetworksDeleted { get; set; }
}
