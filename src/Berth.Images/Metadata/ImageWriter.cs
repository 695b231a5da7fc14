using System.Text.Json;
using Berth.Images.Layers;
using Berth.Oci.Images;

namespace Berth.Images.Metadata;

/// <summary>
/// Creates images from local parts (import, load of legacy tarballs, commit, build): writes the config and a
/// Docker v2 schema 2 manifest into the content store and records the image with its names.
/// </summary>
public static class ImageWriter
{
    /// <summary>
    /// Records an image made of <paramref name="layerBlobs"/> (the layer blobs, already in the content store, in
    /// order) whose unpacked chain ends at <paramref name="topLayer"/>. The config's rootfs must list the diffIDs.
    /// </summary>
    public static async Task<ImageRecord> CreateAsync(ImageStorage storage, ImageConfig config, IReadOnlyList<Descriptor> layerBlobs,
        IEnumerable<ImageReference>? names = null, CancellationToken cancellationToken = default) =>
        await CreateAsync(storage, config, null, layerBlobs, names, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// As above, with the config already in the content store as <paramref name="storedConfig"/> (its exact bytes
    /// are kept, so the image ID stays what it was, as when loading a legacy archive).
    /// </summary>
    public static async Task<ImageRecord> CreateAsync(ImageStorage storage, ImageConfig config, Digest? storedConfig, IReadOnlyList<Descriptor> layerBlobs,
        IEnumerable<ImageReference>? names = null, CancellationToken cancellationToken = default)
    {
        if (config.RootFs.DiffIds.Count != layerBlobs.Count)
            throw ImageException.Invalid($"image config lists {config.RootFs.DiffIds.Count} layers, {layerBlobs.Count} given");
        var chain = LayerStore.ChainIds(config.RootFs.DiffIds.Select(Digest.Parse));
        Digest? top = chain.Count > 0 ? chain[^1] : null;
        if (top is { } t && !storage.Layers.Exists(t)) throw ImageException.NotFound($"layer {t}: not found");

        var configInfo = storedConfig is { } sc
            ? storage.Content.Info(sc) ?? throw ImageException.NotFound($"image config {sc}: not in the content store")
            : await storage.Content.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(config, ImageJsonContext.Default.ImageConfig), null, cancellationToken).ConfigureAwait(false);
        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.DockerManifest,
            Config = new Descriptor { MediaType = MediaTypes.DockerConfig, Digest = configInfo.Digest.ToString(), Size = configInfo.Size },
            Layers = layerBlobs.Select(l => new Descriptor { MediaType = DockerLayerType(l.MediaType), Digest = l.Digest, Size = l.Size }).ToList(),
        };
        byte[] manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ImageJsonContext.Default.ImageManifest);
        var manifestInfo = await storage.Content.WriteAsync(manifestBytes, null, cancellationToken).ConfigureAwait(false);
        var record = new ImageRecord
        {
            Id = configInfo.Digest,
            ManifestDigest = manifestInfo.Digest,
            ManifestMediaType = MediaTypes.DockerManifest,
            ManifestSize = manifestInfo.Size,
            TopLayer = top,
            Created = config.Created,
            Os = string.IsNullOrEmpty(config.Os) ? "linux" : config.Os,
            Architecture = config.Architecture,
            Variant = config.Variant,
            Layers = manifest.Layers,
        };
        return storage.Images.Put(record, names);
    }

    /// <summary>The Docker media type for a layer blob of the given (OCI or Docker) type.</summary>
    public static string DockerLayerType(string mediaType) => mediaType switch
    {
        MediaTypes.OciLayerGzip or MediaTypes.DockerLayerGzip => MediaTypes.DockerLayerGzip,
        MediaTypes.OciLayer or MediaTypes.DockerLayer => MediaTypes.DockerLayer,
        MediaTypes.OciLayerZstd => MediaTypes.OciLayerZstd, // Docker has no zstd type of its own
        _ => mediaType,
    };
}
