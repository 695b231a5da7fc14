using System.Net;

namespace Berth.Network.Dns;

/// <summary>What the embedded DNS server knows, as seen from one container (sandbox).</summary>
public interface IDnsCatalog
{
    /// <summary>Addresses of a container name, alias or <c>name.network</c>, on the networks the sandbox shares; null when unknown.</summary>
    IReadOnlyList<IPAddress>? Lookup(string sandboxId, string name);

    /// <summary>The name of a container address on a network the sandbox shares (for PTR queries), or null.</summary>
    string? ReverseLookup(string sandboxId, IPAddress address);

    /// <summary>Where to forward other queries; empty when the sandbox may not reach outside (internal networks only).</summary>
    IReadOnlyList<IPEndPoint> Upstreams(string sandboxId);
}
