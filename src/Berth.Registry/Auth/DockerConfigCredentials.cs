using System.Diagnostics;
using System.Text.Json;

namespace Berth.Registry.Auth;

/// <summary>
/// Credentials from a Docker client config (<c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>):
/// <c>credHelpers</c> for the host, else <c>credsStore</c>, else the base64 pair in <c>auths</c>. A helper is the
/// program <c>docker-credential-&lt;name&gt;</c>, run with <c>get</c> and the server URL on stdin.
/// </summary>
public sealed class DockerConfigCredentials : ICredentialStore
{
    private const string DockerHubKey = "https://index.docker.io/v1/";

    public string ConfigPath { get; }

    public DockerConfigCredentials(string? configPath = null)
    {
        ConfigPath = configPath ?? DefaultPath();
    }

    public static string DefaultPath()
    {
        string? dir = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(dir)) dir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        return Path.Combine(dir, "config.json");
    }

    public async Task<AuthConfig?> GetAsync(string registry, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(ConfigPath)) return null;
        DockerClientConfig? config;
        try
        {
            await using var f = File.OpenRead(ConfigPath);
            config = await JsonSerializer.DeserializeAsync(f, RegistryJsonContext.Default.DockerClientConfig, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new Images.ImageException(Images.ImageErrorKind.InvalidArgument, $"docker config {ConfigPath}: invalid json: {e.Message}", e);
        }
        if (config is null) return null;
        string serverKey = registry == "docker.io" ? DockerHubKey : registry;

        string? helper = null;
        if (config.CredHelpers is not null)
            foreach (var (key, value) in config.CredHelpers)
                if (Normalize(key) == registry) helper = value;
        helper ??= config.CredsStore;
        if (!string.IsNullOrEmpty(helper))
        {
            var fromHelper = await RunHelperAsync(helper, serverKey, cancellationToken).ConfigureAwait(false);
            if (fromHelper is not null) return fromHelper;
        }
        if (config.Auths is not null)
            foreach (var (key, value) in config.Auths)
                if (Normalize(key) == registry && !value.IsEmpty)
                {
                    value.ServerAddress ??= key;
                    return value;
                }
        return null;
    }

    /// <summary>"https://index.docker.io/v1/" → "docker.io"; "https://host:5000/v2/" → "host:5000".</summary>
    public static string Normalize(string key)
    {
        string k = key;
        int scheme = k.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) k = k[(scheme + 3)..];
        int slash = k.IndexOf('/');
        if (slash >= 0) k = k[..slash];
        return k is "index.docker.io" or "registry-1.docker.io" ? "docker.io" : k;
    }

    private static async Task<AuthConfig?> RunHelperAsync(string helper, string server, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("docker-credential-" + helper, "get")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new Images.ImageException(Images.ImageErrorKind.FailedPrecondition, $"credential helper docker-credential-{helper}: cannot run: {e.Message}", e);
        }
        using (process)
        {
            await process.StandardInput.WriteAsync(server).ConfigureAwait(false);
            process.StandardInput.Close();
            string output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            string error = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                // "credentials not found in native keychain" is the helpers' way of saying: none.
                if ((output + error).Contains("not found", StringComparison.OrdinalIgnoreCase)) return null;
                throw new Images.ImageException(Images.ImageErrorKind.FailedPrecondition,
                    $"credential helper docker-credential-{helper}: exit {process.ExitCode}: {(output + error).Trim()}");
            }
            var reply = JsonSerializer.Deserialize(output, RegistryJsonContext.Default.CredentialHelperReply);
            if (reply is null || string.IsNullOrEmpty(reply.Secret)) return null;
            return reply.Username == "<token>"
                ? new AuthConfig { IdentityToken = reply.Secret, ServerAddress = server }
                : new AuthConfig { Username = reply.Username, Password = reply.Secret, ServerAddress = server };
        }
    }
}
