using Berth.Oci.Images;
using Berth.Registry.Auth;

namespace Berth.Registry;

public sealed class RegistryClientOptions
{
    /// <summary>
    /// Registries spoken to without TLS verification, tried over HTTPS first, then plain HTTP: <c>host</c>,
    /// <c>host:port</c> or a CIDR (<c>10.0.0.0/8</c>). Loopback registries (localhost, 127.0.0.0/8, ::1) always use plain HTTP.
    /// </summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    /// <summary>Where credentials come from when a call passes none (default: the Docker client config).</summary>
    public ICredentialStore? Credentials { get; init; } = new DockerConfigCredentials();

    public string UserAgent { get; init; } = "berth/0.1";

    /// <summary>Layers downloaded (and unpacked) at once per pull; Docker's default is 3.</summary>
    public int MaxConcurrentDownloads { get; init; } = 3;

    /// <summary>Blobs uploaded at once per push; Docker's default is 5.</summary>
    public int MaxConcurrentUploads { get; init; } = 5;

    /// <summary>Attempts after the first for a request that failed with 5xx, 429 or a broken connection.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first wait between attempts; it doubles each time (capped at 10 s).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The platform pulls select from an index when the caller names none (default: this machine's).</summary>
    public Platform? DefaultPlatform { get; init; }

    /// <summary>The chunk size of chunked uploads; null uploads each blob in one request.</summary>
    public int? UploadChunkSize { get; init; }

    /// <summary>A handler to send requests through instead of the default sockets handler (tests).</summary>
    public HttpMessageHandler? Handler { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
