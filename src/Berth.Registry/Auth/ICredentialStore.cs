namespace Berth.Registry.Auth;

/// <summary>Finds stored credentials for a registry host (<c>docker.io</c>, <c>localhost:5000</c>).</summary>
public interface ICredentialStore
{
    Task<AuthConfig?> GetAsync(string registry, CancellationToken cancellationToken = default);
}
