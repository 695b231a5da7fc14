using Berth.Images.Archive;
using Berth.Images.Layers;
using Berth.Images.Metadata;
using Berth.Oci.Images;

namespace Berth.Images.Formats;

/// <summary><c>docker import</c>: a root filesystem tarball (plain, gzip or zstd) becomes a one-layer image.</summary>
public static class RootfsImporter
{
    public static async Task<ImageRecord> ImportAsync(ImageStorage storage, Stream tarball, ImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ImportOptions();
        var blob = await storage.Content.IngestAsync(tarball, null, -1, cancellationToken).ConfigureAwait(false);
        using var contentLease = storage.Images.LeaseContent([blob.Digest]);
        string mediaType;
        using (var head = storage.Content.OpenRead(blob.Digest))
        {
            byte[] magic = new byte[6];
            int n = head.ReadAtLeast(magic, 6, throwOnEndOfStream: false);
            mediaType = Compression.Detect(magic.AsSpan(0, n)) switch
            {
                Oci.Images.LayerCompression.Gzip => MediaTypes.DockerLayerGzip,
                Oci.Images.LayerCompression.Zstd => MediaTypes.OciLayerZstd,
                _ => MediaTypes.DockerLayer,
            };
        }
        Layer layer;
        await using (var stream = storage.Content.OpenRead(blob.Digest))
            layer = await storage.Layers.ApplyAsync(null, stream, new LayerApplyOptions { Source = "import" }, cancellationToken).ConfigureAwait(false);
        using var layerLease = storage.Layers.Lease([layer.ChainId]);
        var platform = options.Platform ?? PlatformMatcher.Host();
        var now = DateTimeOffset.UtcNow;
        var config = new ImageConfig
        {
            Created = now,
            Architecture = platform.Architecture,
            Os = platform.Os,
            Variant = platform.Variant,
            Config = options.Config,
            RootFs = new RootFs { Type = "layers", DiffIds = [layer.DiffId.ToString()] },
            History = [new HistoryEntry { Created = now, Comment = options.Message ?? "Imported from " + options.Source }],
        };
        var descriptor = new Descriptor { MediaType = mediaType, Digest = blob.Digest.ToString(), Size = blob.Size };
        return await ImageWriter.CreateAsync(storage, config, [descriptor], options.Reference is null ? null : [options.Reference], cancellationToken).ConfigureAwait(false);
    }
}
