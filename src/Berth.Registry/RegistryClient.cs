using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Berth.Images;
using Berth.Oci.Images;
using Berth.Registry.Auth;
using Berth.Registry.Transport;

namespace Berth.Registry;

/// <summary>
/// An OCI distribution client bound to an image storage: resolve references to manifests, pull images into
/// the stores, push them back. One instance serves the whole daemon (it shares connections); every method is
/// safe to call concurrently. Errors are <see cref="ImageException"/>s that name the image and what failed.
/// </summary>
public sealed partial class RegistryClient : IDisposable
{
    private const int MaxManifestBytes = 4 << 20;
    private static readonly string[] ManifestAccept =
    [
        MediaTypes.OciIndex, MediaTypes.DockerManifestList, MediaTypes.OciManifest, MediaTypes.DockerManifest,
    ];

    private readonly HttpClient _http;
    private readonly RegistryHosts _hosts;

    public ImageStorage Storage { get; }
    public RegistryClientOptions Options { get; }

    public RegistryClient(ImageStorage storage, RegistryClientOptions? options = null)
    {
        Storage = storage;
        Options = options ?? new RegistryClientOptions();
        _hosts = new RegistryHosts(Options);
        var handler = Options.Handler ?? new SocketsHttpHandler
        {
            ConnectTimeout = Options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = true,
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (sender, _, _, errors) =>
                    _hosts.ValidateCertificate((sender as System.Net.Security.SslStream)?.TargetHostName ?? "", errors),
            },
        };
        _http = new HttpClient(handler, disposeHandler: Options.Handler is null) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public void Dispose() => _http.Dispose();

    private async Task<RegistryTransport> TransportAsync(ImageReference reference, AuthConfig? auth, CancellationToken cancellationToken)
    {
        auth ??= Options.Credentials is { } store ? await store.GetAsync(reference.Domain, cancellationToken).ConfigureAwait(false) : null;
        return new RegistryTransport(_http, Options, _hosts, reference.Domain, auth);
    }

    private static string[] PullScope(ImageReference r) => [$"repository:{r.Path}:pull"];

    // ---- resolve ------------------------------------------------------------------------------------------------

    /// <summary>
    /// Fetches the manifest a reference names; for an index, picks the manifest of <paramref name="platform"/>
    /// (default: the client's, else this machine's). Errors: not found, unauthorized, no matching platform
    /// (naming the platforms available), unsupported media type, digest mismatch.
    /// </summary>
    public async Task<ResolvedManifest> ResolveAsync(ImageReference reference, Platform? platform = null, AuthConfig? auth = null,
        CancellationToken cancellationToken = default)
    {
        var transport = await TransportAsync(reference, auth, cancellationToken).ConfigureAwait(false);
        return await ResolveAsync(transport, reference, platform, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ResolvedManifest> ResolveAsync(RegistryTransport transport, ImageReference reference, Platform? platform, CancellationToken cancellationToken)
    {
        var (bytes, mediaType, digest) = await FetchManifestAsync(transport, reference, reference.ManifestReference, cancellationToken).ConfigureAwait(false);
        if (MediaTypes.IsIndex(mediaType))
        {
            var index = Parse(bytes, ImageJsonContext.Default.ImageIndex, reference);
            var wanted = platform ?? Options.DefaultPlatform ?? PlatformMatcher.Host();
            var matcher = new PlatformMatcher(wanted);
            var chosen = matcher.Select(index.Manifests);
            if (chosen is null)
            {
                var available = index.Manifests.Where(m => m.Platform is { } p && p.Os != "unknown").Select(m => PlatformMatcher.Format(m.Platform!)).Distinct().ToList();
                throw ImageException.NotFound($"no matching manifest for {PlatformMatcher.Format(matcher.Wanted)} in the manifest list entries of {reference.FamiliarString}: "
                    + (available.Count == 0 ? "it lists no platforms" : "available platforms: " + string.Join(", ", available)));
            }
            var childDigest = Digest.Parse(chosen.Digest);
            var (mbytes, mtype, mdigest) = await FetchManifestAsync(transport, reference, childDigest.ToString(), cancellationToken).ConfigureAwait(false);
            if (MediaTypes.IsIndex(mtype)) throw new ImageException(ImageErrorKind.NotImplemented, $"{reference.FamiliarString}: nested indexes are not supported");
            var manifest = ParseManifest(mbytes, reference);
            return new ResolvedManifest(reference, mdigest, mtype, mbytes, manifest, digest, mediaType, bytes, chosen.Platform);
        }
        return new ResolvedManifest(reference, digest, mediaType, bytes, ParseManifest(bytes, reference));
    }

    private static T Parse<T>(byte[] bytes, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, ImageReference reference)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, type) ?? throw ImageException.DataLoss($"manifest for {reference.FamiliarString}: empty document");
        }
        catch (JsonException e)
        {
            throw ImageException.DataLoss($"manifest for {reference.FamiliarString}: the registry sent invalid json: {e.Message}", e);
        }
    }

    private static ImageManifest ParseManifest(byte[] bytes, ImageReference reference)
    {
        var manifest = Parse(bytes, ImageJsonContext.Default.ImageManifest, reference);
        if (manifest.Config.MediaType is not (MediaTypes.OciConfig or MediaTypes.DockerConfig))
            throw new ImageException(ImageErrorKind.NotImplemented,
                $"{reference.FamiliarString}: unsupported config media type \"{manifest.Config.MediaType}\" (not a container image)");
        if (!Digest.TryParse(manifest.Config.Digest, out _)) throw ImageException.DataLoss($"manifest for {reference.FamiliarString}: invalid config digest \"{manifest.Config.Digest}\"");
        foreach (var layer in manifest.Layers)
        {
            if (!MediaTypes.IsLayer(layer.MediaType))
                throw new ImageException(ImageErrorKind.NotImplemented, $"{reference.FamiliarString}: unsupported layer media type \"{layer.MediaType}\"");
            if (!Digest.TryParse(layer.Digest, out _)) throw ImageException.DataLoss($"manifest for {reference.FamiliarString}: invalid layer digest \"{layer.Digest}\"");
        }
        return manifest;
    }

    /// <summary>GET a manifest by tag or digest; returns its exact bytes, media type and digest (verified for a digest reference).</summary>
    internal static async Task<(byte[] Bytes, string MediaType, Digest Digest)> FetchManifestAsync(RegistryTransport transport, ImageReference reference,
        string manifestReference, CancellationToken cancellationToken)
    {
        using var response = await transport.SendAsync(b =>
        {
            var r = new HttpRequestMessage(HttpMethod.Get, new Uri(b, $"v2/{reference.Path}/manifests/{manifestReference}"));
            foreach (string a in ManifestAccept) r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(a));
            r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaTypes.DockerManifestV1Signed) { Quality = 0.1 });
            return r;
        }, PullScope(reference), retry: true, cancellationToken).ConfigureAwait(false);
        string name = manifestReference.Contains(':') ? $"{reference.FamiliarName}@{manifestReference}" : $"{reference.FamiliarName}:{manifestReference}";
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw (await RegistryTransport.ErrorAsync(response, $"manifest for {name} not found", cancellationToken).ConfigureAwait(false));
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            throw new ImageException(ImageErrorKind.Unauthorized,
                $"pull access denied for {reference.FamiliarName}, repository does not exist or may require 'docker login': "
                + (await RegistryTransport.ErrorAsync(response, "denied", cancellationToken).ConfigureAwait(false)).Message);
        if (!response.IsSuccessStatusCode)
            throw await RegistryTransport.ErrorAsync(response, $"manifest for {name}", cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > MaxManifestBytes)
            throw ImageException.DataLoss($"manifest for {name}: {response.Content.Headers.ContentLength} bytes is too large");
        byte[] bytes;
        try
        {
            bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new ImageException(ImageErrorKind.Unavailable, $"manifest for {name}: {RegistryTransport.Describe(e)}", e);
        }
        if (bytes.Length > MaxManifestBytes) throw ImageException.DataLoss($"manifest for {name}: {bytes.Length} bytes is too large");
        var digest = Digest.Sha256(bytes);
        if (Digest.TryParse(manifestReference, out var wanted) && wanted != digest)
            throw ImageException.DataLoss($"manifest for {name}: the registry sent content with digest {digest}");
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var header)
            && header.Algorithm == "sha256" && header != digest)
            throw ImageException.DataLoss($"manifest for {name}: content has digest {digest}, the registry says {header}");
        string mediaType = MediaTypeOf(response.Content.Headers.ContentType?.MediaType, bytes, name);
        return (bytes, mediaType, digest);
    }

    private static string MediaTypeOf(string? header, byte[] bytes, string name)
    {
        ManifestProbe? probe;
        try { probe = JsonSerializer.Deserialize(bytes, RegistryJsonContext.Default.ManifestProbe); }
        catch (JsonException e) { throw ImageException.DataLoss($"manifest for {name}: the registry sent something that is not json: {e.Message}", e); }
        if (probe is null) throw ImageException.DataLoss($"manifest for {name}: empty document");
        string? type = MediaTypes.IsIndex(header) || MediaTypes.IsManifest(header) ? header : probe.MediaType;
        if (type is null or "" or "application/json" or "text/plain")
            type = probe.Manifests is not null ? MediaTypes.OciIndex : probe.Layers is not null ? MediaTypes.OciManifest : null;
        if (probe.FsLayers is not null || header?.StartsWith("application/vnd.docker.distribution.manifest.v1", StringComparison.Ordinal) == true)
            throw new ImageException(ImageErrorKind.NotImplemented, $"manifest for {name}: Docker schema 1 manifests are not supported");
        if (!MediaTypes.IsIndex(type) && !MediaTypes.IsManifest(type))
            throw new ImageException(ImageErrorKind.NotImplemented, $"manifest for {name}: unsupported media type \"{type ?? header}\"");
        return type!;
    }

    /// <summary>Fetches a small blob (a config) into the content store, verified.</summary>
    private async Task FetchBlobToStoreAsync(RegistryTransport transport, ImageReference reference, Descriptor descriptor, CancellationToken cancellationToken)
    {
        var digest = Digest.Parse(descriptor.Digest);
        if (Storage.Content.Exists(digest)) return;
        await using var blob = await BlobReadStream.OpenAsync(transport, reference.Path, digest, descriptor.Size, 0, PullScope(reference), null, cancellationToken)
            .ConfigureAwait(false);
        try
        {
            await Storage.Content.IngestAsync(blob, digest, descriptor.Size, cancellationToken).ConfigureAwait(false);
        }
        catch (ImageException e) when (e.Kind == ImageErrorKind.DataLoss)
        {
            throw ImageException.DataLoss($"{reference.FamiliarString}: {e.Message}", e);
        }
    }

    /// <summary>True when the repository has the blob (HEAD).</summary>
    public async Task<bool> BlobExistsAsync(ImageReference repository, Digest digest, AuthConfig? auth = null, CancellationToken cancellationToken = default)
    {
        var transport = await TransportAsync(repository, auth, cancellationToken).ConfigureAwait(false);
        return await BlobExistsAsync(transport, repository, digest, PullScope(repository), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> BlobExistsAsync(RegistryTransport transport, ImageReference repository, Digest digest, string[] scopes, CancellationToken cancellationToken)
    {
        using var response = await transport.SendAsync(b => new HttpRequestMessage(HttpMethod.Head, new Uri(b, $"v2/{repository.Path}/blobs/{digest}")),
            scopes, retry: true, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return true;
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        throw await RegistryTransport.ErrorAsync(response, $"blob {digest} in {repository.Name}", cancellationToken).ConfigureAwait(false);
    }
}
