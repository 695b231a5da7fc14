namespace Berth.Registry.Auth;

/// <summary>Fixed credentials per registry (tests, and the daemon's X-Registry-Auth for one request).</summary>
public sealed class StaticCredentials(IReadOnlyDictionary<string, AuthConfig> byRegistry) : ICredentialStore
{
    public Task<AuthConfig?> GetAsync(string registry, CancellationToken cancellationToken = default) =>
        Task.FromResult(byRegistry.TryGetValue(registry, out var a) ? a : null);
}
