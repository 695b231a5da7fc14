using System.Formats.Tar;
using System.Text.Json;
using Berth.Images.Archive;
using Berth.Images.Layers;
using Berth.Images.Metadata;
using Berth.Oci.Images;

namespace Berth.Images.Formats;

/// <summary>An image to save, with the names to record for it (none: saved by ID).</summary>
public sealed record SaveItem(ImageRecord Image, IReadOnlyList<ImageReference> Names);

/// <summary>An image a load created or found, with the names it was given.</summary>
public sealed record LoadedImage(ImageRecord Image, IReadOnlyList<ImageReference> Names);

/// <summary>
/// <c>docker save</c> and <c>docker load</c> tarballs. Save writes what Docker ≥ 25 writes: one tar that is both an
/// OCI image layout (oci-layout, index.json, blobs/sha256/…) and the legacy form (manifest.json, repositories).
/// Load reads both forms, and the older one with per-layer directories (<c>&lt;id&gt;/layer.tar</c>).
/// </summary>
public static class ImageArchive
{
    private const long MaxMetadataFile = 16 << 20;

    // ---- save -----------------------------------------------------------------------------------------------

    public static Task SaveAsync(ImageStorage storage, IReadOnlyList<SaveItem> items, Stream output, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            using var sink = new TarSink(output);
            WriteLayout(storage, items, sink, legacy: true, cancellationToken);
        }, cancellationToken);

    /// <summary>Writes an OCI image layout into a directory (readable by <c>skopeo copy oci:DIR</c>).</summary>
    public static Task ExportLayoutAsync(ImageStorage storage, IReadOnlyList<SaveItem> items, string directory, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            Directory.CreateDirectory(directory);
            using var sink = new DirectorySink(directory);
            WriteLayout(storage, items, sink, legacy: false, cancellationToken);
        }, cancellationToken);

    /// <summary>Writes an OCI image layout as a tar stream (no legacy files).</summary>
    public static Task ExportLayoutAsync(ImageStorage storage, IReadOnlyList<SaveItem> items, Stream output, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            using var sink = new TarSink(output);
            WriteLayout(storage, items, sink, legacy: false, cancellationToken);
        }, cancellationToken);

    private static void WriteLayout(ImageStorage storage, IReadOnlyList<SaveItem> items, LayoutSink sink, bool legacy, CancellationToken cancellationToken)
    {
        var index = new ImageIndex { SchemaVersion = 2, MediaType = MediaTypes.OciIndex };
        var legacyManifest = new List<LegacyManifestEntry>();
        var repositories = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var image = item.Image;
            var (manifest, manifestBytes, manifestType) = ManifestOf(storage, image);
            void Blob(string digestText)
            {
                var d = Digest.Parse(digestText);
                var info = storage.Content.Info(d) ?? throw ImageException.NotFound($"image {image.Id.Short}: blob {d} is not in the content store");
                sink.Add($"blobs/{d.Algorithm}/{d.Hex}", storage.Content.OpenRead(d), info.Size);
            }
            Blob(manifest.Config.Digest);
            foreach (var l in manifest.Layers) Blob(l.Digest);
            var manifestDigest = Digest.Sha256(manifestBytes);
            sink.Add($"blobs/sha256/{manifestDigest.Hex}", manifestBytes);

            var descriptor = new Descriptor { MediaType = manifestType, Digest = manifestDigest.ToString(), Size = manifestBytes.Length };
            var tags = item.Names.Where(n => n.Tag is not null).ToList();
            if (tags.Count == 0) index.Manifests.Add(descriptor);
            foreach (var tag in tags)
                index.Manifests.Add(new Descriptor
                {
                    MediaType = manifestType, Digest = descriptor.Digest, Size = descriptor.Size,
                    Annotations = new Dictionary<string, string>
                    {
                        ["io.containerd.image.name"] = tag.ToString(),
                        ["org.opencontainers.image.ref.name"] = tag.Tag!,
                    },
                });
            legacyManifest.Add(new LegacyManifestEntry
            {
                Config = "blobs/sha256/" + Digest.Parse(manifest.Config.Digest).Hex,
                RepoTags = tags.Count == 0 ? null : tags.Select(t => t.FamiliarString).ToList(),
                Layers = manifest.Layers.Select(l => "blobs/sha256/" + Digest.Parse(l.Digest).Hex).ToList(),
            });
            foreach (var tag in tags)
            {
                if (!repositories.TryGetValue(tag.FamiliarName, out var byTag)) repositories[tag.FamiliarName] = byTag = new(StringComparer.Ordinal);
                byTag[tag.Tag!] = manifest.Layers.Count > 0 ? Digest.Parse(manifest.Layers[^1].Digest).Hex : "";
            }
        }
        sink.Add("oci-layout", JsonSerializer.SerializeToUtf8Bytes(new OciLayoutFile(), ArchiveJsonContext.Default.OciLayoutFile));
        sink.Add("index.json", JsonSerializer.SerializeToUtf8Bytes(index, ImageJsonContext.Default.ImageIndex));
        if (legacy)
        {
            sink.Add("manifest.json", JsonSerializer.SerializeToUtf8Bytes(legacyManifest, ArchiveJsonContext.Default.ListLegacyManifestEntry));
            if (repositories.Count > 0)
                sink.Add("repositories", JsonSerializer.SerializeToUtf8Bytes(repositories, ArchiveJsonContext.Default.DictionaryStringDictionaryStringString));
        }
    }

    private static (ImageManifest Manifest, byte[] Bytes, string MediaType) ManifestOf(ImageStorage storage, ImageRecord image)
    {
        if (image.ManifestDigest is { } md && storage.Content.Exists(md))
        {
            byte[] raw = storage.Content.ReadAllBytesAsync(md).GetAwaiter().GetResult();
            var m = JsonSerializer.Deserialize(raw, ImageJsonContext.Default.ImageManifest) ?? throw ImageException.DataLoss($"manifest {md}: empty");
            return (m, raw, image.ManifestMediaType ?? m.MediaType ?? MediaTypes.OciManifest);
        }
        var config = storage.Content.Info(image.Id) ?? throw ImageException.NotFound($"image {image.Id.Short}: config is not in the content store");
        var manifest = new ImageManifest
        {
            SchemaVersion = 2,
            MediaType = MediaTypes.DockerManifest,
            Config = new Descriptor { MediaType = MediaTypes.DockerConfig, Digest = image.Id.ToString(), Size = config.Size },
            Layers = image.Layers.ToList(),
        };
        return (manifest, JsonSerializer.SerializeToUtf8Bytes(manifest, ImageJsonContext.Default.ImageManifest), MediaTypes.DockerManifest);
    }

    // ---- load -----------------------------------------------------------------------------------------------

    /// <summary>
    /// Loads every image of a <c>docker save</c> tarball (compressed or not). Layers are verified against the
    /// configs' diffIDs; each image is recorded with its names in one transaction. Reports "Loaded image: x" lines.
    /// </summary>
    public static async Task<IReadOnlyList<LoadedImage>> LoadAsync(ImageStorage storage, Stream input, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var blobs = new Dictionary<string, Digest>(StringComparer.Ordinal);
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        var leased = new List<Digest>();
        using var lease = new CompositeDisposable();

        await Task.Run(async () =>
        {
            var (plain, _) = Compression.Decompress(input, leaveOpen: true);
            using (plain)
            {
                using var reader = new TarReader(plain, leaveOpen: true);
                TarEntry? entry;
                while ((entry = NextEntry(reader)) is not null)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    string name = TarApplier.CleanName(entry.Name);
                    if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                    {
                        string target = entry.EntryType == TarEntryType.SymbolicLink
                            ? TarApplier.CleanName(Path.Combine(Path.GetDirectoryName(name) ?? "", entry.LinkName))
                            : TarApplier.CleanName(entry.LinkName);
                        links[name] = target;
                        continue;
                    }
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                    var parts = name.Split('/');
                    if (parts.Length == 3 && parts[0] == "blobs" && Digest.TryParse(parts[1] + ":" + parts[2], out var digest))
                    {
                        lease.Add(storage.Images.LeaseContent([digest]));
                        try
                        {
                            await storage.Content.IngestAsync(entry.DataStream, digest, entry.Length, cancellationToken).ConfigureAwait(false);
                        }
                        catch (ImageException e) when (e.Kind == ImageErrorKind.DataLoss)
                        {
                            throw ImageException.DataLoss($"load: {name}: {e.Message}", e);
                        }
                        blobs[name] = digest;
                    }
                    else if (entry.Length <= MaxMetadataFile && !name.EndsWith("/layer.tar", StringComparison.Ordinal))
                    {
                        var ms = new MemoryStream();
                        await entry.DataStream.CopyToAsync(ms, cancellationToken).ConfigureAwait(false);
                        files[name] = ms.ToArray();
                    }
                    else
                    {
                        var info = await storage.Content.IngestAsync(entry.DataStream, null, entry.Length, cancellationToken).ConfigureAwait(false);
                        lease.Add(storage.Images.LeaseContent([info.Digest]));
                        blobs[name] = info.Digest;
                    }
                }
            }
        }, cancellationToken).ConfigureAwait(false);

        string Resolve(string path)
        {
            for (int i = 0; i < 16 && links.TryGetValue(path, out string? t); i++) path = t;
            return path;
        }
        byte[]? Read(string path)
        {
            path = Resolve(TarApplier.CleanName(path));
            if (files.TryGetValue(path, out byte[]? b)) return b;
            if (blobs.TryGetValue(path, out var d)) return storage.Content.ReadAllBytesAsync(d).GetAwaiter().GetResult();
            return null;
        }
        Digest BlobOf(string path)
        {
            path = Resolve(TarApplier.CleanName(path));
            if (blobs.TryGetValue(path, out var d)) return d;
            if (files.TryGetValue(path, out byte[]? b)) return storage.Content.WriteAsync(b).GetAwaiter().GetResult().Digest;
            throw ImageException.Invalid($"load: the tarball names \"{path}\" but does not contain it");
        }

        var loaded = new List<LoadedImage>();
        if (Read("manifest.json") is { } manifestJson)
        {
            List<LegacyManifestEntry> entries;
            try { entries = JsonSerializer.Deserialize(manifestJson, ArchiveJsonContext.Default.ListLegacyManifestEntry) ?? []; }
            catch (JsonException e) { throw ImageException.Invalid($"load: manifest.json is not valid: {e.Message}", e); }
            var ociManifests = OciManifestsByConfig(storage, Read("index.json"), blobs);
            foreach (var entry in entries)
            {
                var configDigest = BlobOf(entry.Config);
                var layerBlobs = entry.Layers.Select(BlobOf).ToList();
                var names = (entry.RepoTags ?? []).Select(t => ImageReference.Parse(t)).ToList();
                (Digest, string?, ImageManifest)? oci = ociManifests.TryGetValue(configDigest, out var found) ? found : null;
                var image = await LoadImageAsync(storage, configDigest, layerBlobs, oci, names, cancellationToken).ConfigureAwait(false);
                loaded.Add(new LoadedImage(image, names));
                foreach (var n in names) progress?.Report($"Loaded image: {n.FamiliarString}");
                if (names.Count == 0) progress?.Report($"Loaded image ID: {image.Id}");
            }
        }
        else if (Read("index.json") is { } indexJson)
        {
            var index = Deserialize(indexJson, ImageJsonContext.Default.ImageIndex, "index.json");
            foreach (var d in index.Manifests)
            {
                if (!MediaTypes.IsManifest(d.MediaType)) throw new ImageException(ImageErrorKind.NotImplemented, $"load: index entry of type \"{d.MediaType}\" is not supported");
                var md = Digest.Parse(d.Digest);
                var manifest = Deserialize(await storage.Content.ReadAllBytesAsync(md, cancellationToken).ConfigureAwait(false), ImageJsonContext.Default.ImageManifest, $"manifest {md}");
                var names = new List<ImageReference>();
                if (d.Annotations?.GetValueOrDefault("io.containerd.image.name") is { } full && ImageReference.TryParse(full, out var r1, out _)) names.Add(r1);
                var image = await LoadImageAsync(storage, Digest.Parse(manifest.Config.Digest), manifest.Layers.Select(l => Digest.Parse(l.Digest)).ToList(),
                    (md, d.MediaType, manifest), names, cancellationToken).ConfigureAwait(false);
                loaded.Add(new LoadedImage(image, names));
                foreach (var n in names) progress?.Report($"Loaded image: {n.FamiliarString}");
                if (names.Count == 0) progress?.Report($"Loaded image ID: {image.Id}");
            }
        }
        else if (Read("repositories") is not null)
        {
            throw new ImageException(ImageErrorKind.NotImplemented, "load: tarballs in the pre-1.10 Docker format (no manifest.json) are not supported");
        }
        else
        {
            throw ImageException.Invalid("load: the tarball has neither manifest.json nor index.json: not an image archive");
        }
        return loaded;
    }

    private static TarEntry? NextEntry(TarReader reader)
    {
        try
        {
            return reader.GetNextEntry(copyData: false);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or InvalidOperationException or NotSupportedException)
        {
            throw ImageException.Invalid($"load: not a valid tar archive: {e.Message}", e);
        }
    }

    private static T Deserialize<T>(byte[] json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw ImageException.Invalid($"load: {what} is empty");
        }
        catch (JsonException e)
        {
            throw ImageException.Invalid($"load: {what} is not valid: {e.Message}", e);
        }
    }

    /// <summary>The OCI manifests an index.json names, by config digest (so a load keeps the manifest digests).</summary>
    private static Dictionary<Digest, (Digest, string?, ImageManifest)> OciManifestsByConfig(ImageStorage storage, byte[]? indexJson, Dictionary<string, Digest> blobs)
    {
        var result = new Dictionary<Digest, (Digest, string?, ImageManifest)>();
        if (indexJson is null) return result;
        ImageIndex? index;
        try { index = JsonSerializer.Deserialize(indexJson, ImageJsonContext.Default.ImageIndex); }
        catch (JsonException) { return result; }
        foreach (var d in index?.Manifests ?? [])
        {
            if (!MediaTypes.IsManifest(d.MediaType) || !Digest.TryParse(d.Digest, out var md) || !storage.Content.Exists(md)) continue;
            try
            {
                var m = JsonSerializer.Deserialize(storage.Content.ReadAllBytesAsync(md).GetAwaiter().GetResult(), ImageJsonContext.Default.ImageManifest);
                if (m is not null && Digest.TryParse(m.Config.Digest, out var cd)) result[cd] = (md, d.MediaType, m);
            }
            catch (JsonException) { }
        }
        return result;
    }

    private static async Task<ImageRecord> LoadImageAsync(ImageStorage storage, Digest configDigest, IReadOnlyList<Digest> layerBlobs,
        (Digest Digest, string? MediaType, ImageManifest Manifest)? oci, IReadOnlyList<ImageReference> names, CancellationToken cancellationToken)
    {
        var config = Deserialize(await storage.Content.ReadAllBytesAsync(configDigest, cancellationToken).ConfigureAwait(false),
            ImageJsonContext.Default.ImageConfig, $"config {configDigest.Short}");
        if (config.RootFs.DiffIds.Count != layerBlobs.Count)
            throw ImageException.Invalid($"load: image {configDigest.Short} lists {config.RootFs.DiffIds.Count} layers in its config and {layerBlobs.Count} in the archive");
        var diffIds = config.RootFs.DiffIds.Select(Digest.Parse).ToList();
        var chain = LayerStore.ChainIds(diffIds);
        using var layerLease = storage.Layers.Lease(chain);
        var descriptors = new List<Descriptor>();
        for (int i = 0; i < layerBlobs.Count; i++)
        {
            var blob = layerBlobs[i];
            string mediaType;
            using (var head = storage.Content.OpenRead(blob))
            {
                byte[] magic = new byte[6];
                int n = head.ReadAtLeast(magic, 6, throwOnEndOfStream: false);
                mediaType = Compression.Detect(magic.AsSpan(0, n)) switch
                {
                    LayerCompression.Gzip => MediaTypes.DockerLayerGzip,
                    LayerCompression.Zstd => MediaTypes.OciLayerZstd,
                    _ => MediaTypes.DockerLayer,
                };
            }
            descriptors.Add(new Descriptor { MediaType = mediaType, Digest = blob.ToString(), Size = storage.Content.Info(blob)!.Size });
            if (storage.Layers.Exists(chain[i])) continue;
            Digest? parent = i > 0 ? chain[i - 1] : null;
            var b = blob;
            var expected = diffIds[i];
            await storage.Layers.GetOrCreateAsync(chain[i], async ct =>
            {
                await using var stream = storage.Content.OpenRead(b);
                return await storage.Layers.ApplyAsync(parent, stream, new LayerApplyOptions { ExpectedDiffId = expected, Source = $"load: layer {b.Short}" }, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        if (oci is { } found)
        {
            var (md, mt, manifest) = found;
            var record = new ImageRecord
            {
                Id = configDigest,
                ManifestDigest = md,
                ManifestMediaType = mt ?? manifest.MediaType ?? MediaTypes.OciManifest,
                ManifestSize = storage.Content.Info(md)!.Size,
                TopLayer = chain.Count > 0 ? chain[^1] : null,
                Created = config.Created,
                Os = string.IsNullOrEmpty(config.Os) ? "linux" : config.Os,
                Architecture = config.Architecture,
                Variant = config.Variant,
                Layers = manifest.Layers,
            };
            return storage.Images.Put(record, names);
        }
        return await ImageWriter.CreateAsync(storage, config, configDigest, descriptors, names, cancellationToken).ConfigureAwait(false);
    }

    private sealed class CompositeDisposable : IDisposable
    {
        private readonly List<IDisposable> _items = new();
        public void Add(IDisposable d) { lock (_items) _items.Add(d); }
        public void Dispose() { foreach (var d in _items) d.Dispose(); }
    }
}
