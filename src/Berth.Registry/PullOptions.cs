using Berth.Oci.Images;
using Berth.Registry.Auth;

namespace Berth.Registry;

public sealed class PullOptions
{
    /// <summary>The platform to select from an index (default: the client's default, else this machine's).</summary>
    public Platform? Platform { get; init; }

    /// <summary>Credentials for this pull (the daemon's X-Registry-Auth); else the client's credential store.</summary>
    public AuthConfig? Auth { get; init; }
}
