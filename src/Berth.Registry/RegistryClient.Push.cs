using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Berth.Images;
using Berth.Images.Metadata;
using Berth.Oci.Images;
using Berth.Registry.Transport;

namespace Berth.Registry;

public sealed partial class RegistryClient
{
    /// <summary>
    /// Pushes an image to <paramref name="target"/> (its tag, or latest): for each blob, HEAD (present: "Layer
    /// already exists"), else a cross-repository mount from a repository of the same registry it came from, else
    /// an upload (one PUT, or PATCH chunks); then the manifest, by tag. The manifest pushed is the one stored
    /// (same digest as pulled) when there is one. <paramref name="imageId"/> defaults to the image the target names.
    /// </summary>
    public async Task<PushResult> PushAsync(ImageReference target, Digest? imageId = null, PushOptions? options = null,
        IProgress<ProgressEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new PushOptions();
        var report = new SerialProgress(progress);
        var image = imageId is { } id
            ? Storage.Images.Get(id) ?? throw ImageException.NotFound($"no such image: {id}")
            : Storage.Images.GetByName(target) ?? throw ImageException.NotFound($"an image does not exist locally with the tag: {target.FamiliarName}");
        string tag = target.Tag ?? ImageReference.DefaultTag;
        var (manifestBytes, mediaType, manifest) = await ManifestForPushAsync(image, cancellationToken).ConfigureAwait(false);

        var transport = await TransportAsync(target, options.Auth, cancellationToken).ConfigureAwait(false);
        string[] scopes = [$"repository:{target.Path}:pull,push"];
        foreach (var layer in manifest.Layers) report.Report(new ProgressEvent(Digest.Parse(layer.Digest).Short, ProgressStatus.Preparing));

        using var uploads = new SemaphoreSlim(Math.Max(1, Options.MaxConcurrentUploads));
        int chunk = options.ChunkSize ?? Options.UploadChunkSize ?? 0;
        var tasks = manifest.Layers.Select(l => PushBlobAsync(transport, target, l, scopes, uploads, chunk, report, showProgress: true, cancellationToken)).ToList();
        tasks.Add(PushBlobAsync(transport, target, manifest.Config, scopes, uploads, chunk, report, showProgress: false, cancellationToken));
        await Task.WhenAll(tasks).ConfigureAwait(false);

        var manifestDigest = Digest.Sha256(manifestBytes);
        using (var response = await transport.SendAsync(b => new HttpRequestMessage(HttpMethod.Put, new Uri(b, $"v2/{target.Path}/manifests/{tag}"))
               {
                   Content = new ByteArrayContent(manifestBytes) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } },
               }, scopes, retry: true, cancellationToken).ConfigureAwait(false))
        {
            if (!response.IsSuccessStatusCode)
                throw await PushErrorAsync(response, target, $"manifest {manifestDigest}", cancellationToken).ConfigureAwait(false);
            if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var told)
                && told != manifestDigest)
                throw ImageException.DataLoss($"push {target.FamiliarString}: the registry stored the manifest as {told}, expected {manifestDigest}");
        }
        foreach (var d in manifest.Layers.Select(l => l.Digest).Append(manifest.Config.Digest))
            Storage.Images.RecordBlobSource(Digest.Parse(d), target.Domain, target.Path);
        Storage.Images.Tag(image.Id, target.WithoutTagOrDigest().WithDigest(manifestDigest));
        return new PushResult(target, tag, manifestDigest, manifestBytes.Length);
    }

    private async Task<(byte[] Bytes, string MediaType, ImageManifest Manifest)> ManifestForPushAsync(ImageRecord image, CancellationToken cancellationToken)
    {
        if (await Storage.Images.GetManifestAsync(image, cancellationToken).ConfigureAwait(false) is { } stored
            && stored.Manifest.Layers.All(l => Storage.Content.Exists(Digest.Parse(l.Digest))))
            return (stored.Raw, image.ManifestMediaType ?? stored.Manifest.MediaType ?? MediaTypes.OciManifest, stored.Manifest);
        var missing = image.Layers.FirstOrDefault(l => !Storage.Content.Exists(Digest.Parse(l.Digest)));
        if (missing is not null)
            throw new ImageException(ImageErrorKind.FailedPrecondition, $"image {image.Id.Short}: layer blob {missing.Digest} is not in the content store");
        // An image without a stored manifest: write one (Docker v2 schema 2).
        var config = await Storage.Images.GetConfigAsync(image.Id, cancellationToken).ConfigureAwait(false);
        var rebuilt = await ImageWriter.CreateAsync(Storage, config, image.Id, image.Layers, null, cancellationToken).ConfigureAwait(false);
        var (m, r) = (await Storage.Images.GetManifestAsync(rebuilt, cancellationToken).ConfigureAwait(false))!.Value;
        return (r, MediaTypes.DockerManifest, m);
    }

    private async Task PushBlobAsync(RegistryTransport transport, ImageReference target, Descriptor descriptor, string[] scopes, SemaphoreSlim uploads,
        int chunkSize, SerialProgress report, bool showProgress, CancellationToken cancellationToken)
    {
        var digest = Digest.Parse(descriptor.Digest);
        string id = digest.Short;
        await uploads.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await BlobExistsAsync(transport, target, digest, scopes, cancellationToken).ConfigureAwait(false))
            {
                if (showProgress) report.Report(new ProgressEvent(id, ProgressStatus.LayerAlreadyExists));
                return;
            }
            if (!Storage.Content.Exists(digest))
                throw new ImageException(ImageErrorKind.FailedPrecondition, $"push {target.FamiliarString}: blob {digest} is not in the content store");

            // Cross-repository mount from a repository of this registry the blob is known to be in.
            Uri? location = null;
            foreach (var (registry, repository) in Storage.Images.BlobSources(digest))
            {
                if (registry != target.Domain || repository == target.Path) continue;
                string[] mountScopes = [.. scopes, $"repository:{repository}:pull"];
                using var response = await transport.SendAsync(b => new HttpRequestMessage(HttpMethod.Post,
                        new Uri(b, $"v2/{target.Path}/blobs/uploads/?mount={Uri.EscapeDataString(digest.ToString())}&from={Uri.EscapeDataString(repository)}")),
                    mountScopes, retry: true, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    if (showProgress) report.Report(new ProgressEvent(id, ProgressStatus.MountedFrom, Detail: repository));
                    return;
                }
                if (response.StatusCode == HttpStatusCode.Accepted && response.Headers.Location is { } loc)
                {
                    location = new Uri(transport.BaseUri, loc);
                    break;
                }
            }

            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    location ??= await StartUploadAsync(transport, target, scopes, cancellationToken).ConfigureAwait(false);
                    if (chunkSize > 0)
                        await UploadChunkedAsync(transport, target, digest, descriptor.Size, location, scopes, chunkSize, id, report, showProgress, cancellationToken).ConfigureAwait(false);
                    else
                        await UploadMonolithicAsync(transport, target, digest, descriptor.Size, location, scopes, id, report, showProgress, cancellationToken).ConfigureAwait(false);
                    break;
                }
                catch (ImageException e) when (e.Kind == ImageErrorKind.Unavailable && attempt < Options.MaxRetries)
                {
                    // Upload sessions do not survive a broken request: start a new one.
                    location = null;
                    if (showProgress) report.Report(new ProgressEvent(id, ProgressStatus.Retrying, Detail: $"attempt {attempt + 1}"));
                    await transport.DelayAsync(attempt, null, cancellationToken).ConfigureAwait(false);
                }
            }
            if (showProgress) report.Report(new ProgressEvent(id, ProgressStatus.Pushed));
        }
        finally
        {
            uploads.Release();
        }
    }

    private static async Task<Uri> StartUploadAsync(RegistryTransport transport, ImageReference target, string[] scopes, CancellationToken cancellationToken)
    {
        using var response = await transport.SendAsync(b => new HttpRequestMessage(HttpMethod.Post, new Uri(b, $"v2/{target.Path}/blobs/uploads/")),
            scopes, retry: true, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted || response.Headers.Location is null)
            throw await PushErrorAsync(response, target, "blob upload", cancellationToken).ConfigureAwait(false);
        return new Uri(transport.BaseUri, response.Headers.Location);
    }

    private static Uri WithDigest(Uri location, Digest digest)
    {
        var b = new UriBuilder(location);
        string q = b.Query.TrimStart('?');
        b.Query = (q.Length > 0 ? q + "&" : "") + "digest=" + Uri.EscapeDataString(digest.ToString());
        return b.Uri;
    }

    private async Task UploadMonolithicAsync(RegistryTransport transport, ImageReference target, Digest digest, long size, Uri location, string[] scopes,
        string id, SerialProgress report, bool showProgress, CancellationToken cancellationToken)
    {
        using var response = await transport.SendAsync(_ =>
        {
            var file = Storage.Content.OpenRead(digest);
            Stream body = showProgress ? new ProgressReadStream(file, n => report.Report(new ProgressEvent(id, ProgressStatus.Pushing, n, size))) : file;
            var content = new StreamContent(body, 1 << 18);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentLength = size;
            return new HttpRequestMessage(HttpMethod.Put, WithDigest(location, digest)) { Content = content };
        }, scopes, retry: false, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
            throw await PushErrorAsync(response, target, $"blob {digest}", cancellationToken).ConfigureAwait(false);
    }

    private async Task UploadChunkedAsync(RegistryTransport transport, ImageReference target, Digest digest, long size, Uri location, string[] scopes,
        int chunkSize, string id, SerialProgress report, bool showProgress, CancellationToken cancellationToken)
    {
        using var file = Storage.Content.OpenRead(digest);
        byte[] buffer = new byte[chunkSize];
        long offset = 0;
        while (offset < size)
        {
            int n = await file.ReadAtLeastAsync(buffer, (int)Math.Min(chunkSize, size - offset), throwOnEndOfStream: true, cancellationToken).ConfigureAwait(false);
            long start = offset;
            using (var response = await transport.SendAsync(_ =>
                   {
                       var content = new ByteArrayContent(buffer, 0, n);
                       content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                       var r = new HttpRequestMessage(HttpMethod.Patch, location) { Content = content };
                       r.Content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{start + n - 1}");
                       return r;
                   }, scopes, retry: false, cancellationToken).ConfigureAwait(false))
            {
                if (response.StatusCode != HttpStatusCode.Accepted)
                    throw await PushErrorAsync(response, target, $"blob {digest} chunk at {start}", cancellationToken).ConfigureAwait(false);
                if (response.Headers.Location is { } next) location = new Uri(transport.BaseUri, next);
            }
            offset += n;
            if (showProgress) report.Report(new ProgressEvent(id, ProgressStatus.Pushing, offset, size));
        }
        using var done = await transport.SendAsync(_ => new HttpRequestMessage(HttpMethod.Put, WithDigest(location, digest)) { Content = new ByteArrayContent([]) },
            scopes, retry: false, cancellationToken).ConfigureAwait(false);
        if (done.StatusCode != HttpStatusCode.Created)
            throw await PushErrorAsync(done, target, $"blob {digest}", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ImageException> PushErrorAsync(HttpResponseMessage response, ImageReference target, string what, CancellationToken cancellationToken)
    {
        var e = await RegistryTransport.ErrorAsync(response, $"push {target.FamiliarString}: {what}", cancellationToken).ConfigureAwait(false);
        if (e.Kind == ImageErrorKind.Unauthorized)
            return new ImageException(ImageErrorKind.Unauthorized, $"push {target.FamiliarString}: denied: requested access to the resource is denied ({e.Message})");
        return e;
    }
}
