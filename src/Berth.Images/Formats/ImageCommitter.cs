using System.Text.Json;
using Berth.Images.Archive;
using Berth.Images.Content;
using Berth.Images.Layers;
using Berth.Images.Metadata;
using Berth.Oci.Images;

namespace Berth.Images.Formats;

/// <summary>
/// <c>docker commit</c> and a build step: a snapshot's changes become a gzip layer blob on top of the parent
/// image's layers, and a new image records it (config and history extended).
/// </summary>
public static class ImageCommitter
{
    public static async Task<ImageRecord> CommitAsync(ImageStorage storage, string snapshotKey, ImageRecord? parent, CommitOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new CommitOptions();
        var snapshot = storage.Layers.GetSnapshot(snapshotKey) ?? throw ImageException.NotFound($"snapshot {snapshotKey}: not found");
        if (snapshot.Parent != parent?.TopLayer)
            throw ImageException.Invalid($"snapshot {snapshotKey} is not on top of image {parent?.Id.Short ?? "(none)"}");
        ImageConfig config;
        if (parent is not null)
        {
            byte[] raw = await storage.Content.ReadAllBytesAsync(parent.Id, cancellationToken).ConfigureAwait(false);
            config = JsonSerializer.Deserialize(raw, ImageJsonContext.Default.ImageConfig) ?? new ImageConfig();
        }
        else
        {
            var host = PlatformMatcher.Host();
            config = new ImageConfig { Os = host.Os, Architecture = host.Architecture, Variant = host.Variant };
        }
        var now = DateTimeOffset.UtcNow;
        var layers = parent?.Layers.ToList() ?? [];
        bool empty = options.SkipEmptyLayer && !Directory.EnumerateFileSystemEntries(snapshot.UpperDir).Any();
        if (!empty)
        {
            ContentInfo blob;
            LayerDiff diff;
            using (var writer = storage.Content.OpenWriter())
            {
                using (var gzip = Compression.Compress(writer, LayerCompression.Gzip, leaveOpen: true))
                    diff = await Task.Run(() => storage.Layers.Diff(snapshotKey, gzip), cancellationToken).ConfigureAwait(false);
                blob = await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            using var lease = storage.Images.LeaseContent([blob.Digest]);
            await using (var stream = storage.Content.OpenRead(blob.Digest))
            {
                var layer = await storage.Layers.ApplyAsync(parent?.TopLayer, stream,
                    new LayerApplyOptions { ExpectedDiffId = diff.DiffId, Source = $"commit of {snapshotKey}" }, cancellationToken).ConfigureAwait(false);
                using var layerLease = storage.Layers.Lease([layer.ChainId]);
                config.RootFs.DiffIds.Add(diff.DiffId.ToString());
                layers.Add(new Descriptor { MediaType = MediaTypes.DockerLayerGzip, Digest = blob.Digest.ToString(), Size = blob.Size });
                return await Record(storage, config, layers, options, now, empty: false, cancellationToken).ConfigureAwait(false);
            }
        }
        return await Record(storage, config, layers, options, now, empty: true, cancellationToken).ConfigureAwait(false);
    }

    private static Task<ImageRecord> Record(ImageStorage storage, ImageConfig config, List<Descriptor> layers, CommitOptions options, DateTimeOffset now,
        bool empty, CancellationToken cancellationToken)
    {
        config.Created = now;
        if (options.Author is not null) config.Author = options.Author;
        if (options.Config is not null) config.Config = options.Config;
        config.History ??= new List<HistoryEntry>();
        config.History.Add(new HistoryEntry
        {
            Created = now, CreatedBy = options.CreatedBy, Author = options.Author, Comment = options.Comment, EmptyLayer = empty ? true : null,
        });
        return ImageWriter.CreateAsync(storage, config, layers, options.Reference is null ? null : [options.Reference], cancellationToken);
    }
}
