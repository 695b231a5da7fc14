using System.Globalization;
using System.Text.Json;
using Berth.Images.Content;
using Berth.Images.Layers;
using Berth.Oci.Images;
using Microsoft.Data.Sqlite;

namespace Berth.Images.Metadata;

/// <summary>
/// Images and their names (tags and digest references), in SQLite. An image, its names and its hold on its
/// layers are written in one transaction: after a kill there is either the whole image or none of it.
/// </summary>
public sealed class ImageStore
{
    private readonly ImageDatabase _db;
    private readonly Dictionary<Digest, int> _contentLeases = new();
    private readonly Lock _gate = new();

    public IContentStore Content { get; }
    public LayerStore Layers { get; }

    public ImageStore(ImageDatabase db, IContentStore content, LayerStore layers)
    {
        _db = db;
        Content = content;
        Layers = layers;
    }

    // ---- reading ----------------------------------------------------------------------------------------------

    private const string Columns = "id, manifest_digest, manifest_media_type, manifest_size, index_digest, top_layer, size, created, added, os, architecture, variant, layers_json";

    private static ImageRecord Map(SqliteDataReader r) => new()
    {
        Id = Digest.Parse(r.GetString(0)),
        ManifestDigest = r.IsDBNull(1) ? null : Digest.Parse(r.GetString(1)),
        ManifestMediaType = r.StringOrNull(2),
        ManifestSize = r.IsDBNull(3) ? 0 : r.GetInt64(3),
        IndexDigest = r.IsDBNull(4) ? null : Digest.Parse(r.GetString(4)),
        TopLayer = r.IsDBNull(5) ? null : Digest.Parse(r.GetString(5)),
        Size = r.GetInt64(6),
        Created = r.IsDBNull(7) ? null : DateTimeOffset.Parse(r.GetString(7), CultureInfo.InvariantCulture),
        Added = DateTimeOffset.Parse(r.GetString(8), CultureInfo.InvariantCulture),
        Os = r.StringOrNull(9) ?? "linux",
        Architecture = r.StringOrNull(10) ?? "",
        Variant = r.StringOrNull(11),
        Layers = JsonSerializer.Deserialize(r.GetString(12), ImagesJsonContext.Default.ListDescriptor) ?? [],
    };

    public ImageRecord? Get(Digest id) =>
        _db.Read(c => c.Rows(null, $"SELECT {Columns} FROM images WHERE id=$i", Map, ("$i", id.ToString())).FirstOrDefault());

    public IReadOnlyList<ImageRecord> List() =>
        _db.Read(c => c.Rows(null, $"SELECT {Columns} FROM images ORDER BY added", Map));

    /// <summary>The names of an image: tags (<c>docker.io/library/busybox:latest</c>) and digest references.</summary>
    public IReadOnlyList<ImageReference> Names(Digest id) =>
        _db.Read(c => c.Rows(null, "SELECT name FROM image_names WHERE image_id=$i ORDER BY name", r => ImageReference.Parse(r.GetString(0)), ("$i", id.ToString())));

    /// <summary>Docker's RepoTags (familiar form, e.g. <c>busybox:latest</c>).</summary>
    public IReadOnlyList<string> RepoTags(Digest id) => Names(id).Where(n => n.Digest is null).Select(n => n.FamiliarString).ToList();

    /// <summary>Docker's RepoDigests (<c>busybox@sha256:…</c>).</summary>
    public IReadOnlyList<string> RepoDigests(Digest id) => Names(id).Where(n => n.Digest is not null).Select(n => n.FamiliarString).ToList();

    /// <summary>The image a name points at, or null.</summary>
    public ImageRecord? GetByName(ImageReference name)
    {
        string? id = _db.Read(c => c.Scalar<string>(null, "SELECT image_id FROM image_names WHERE name=$n", ("$n", Key(name))));
        return id is null ? null : Get(Digest.Parse(id));
    }

    /// <summary>
    /// Resolves what a user typed, as Docker does: a full or short image ID (<c>sha256:</c> optional), else a
    /// reference (<c>busybox</c>, <c>name@sha256:…</c>). Throws <see cref="ImageErrorKind.NotFound"/>
    /// (<c>no such image: x</c>); a short ID that matches two images is <see cref="ImageErrorKind.InvalidArgument"/>.
    /// </summary>
    public ImageRecord Resolve(string nameOrId) => TryResolve(nameOrId) ?? throw ImageException.NotFound($"no such image: {nameOrId}");

    public ImageRecord? TryResolve(string nameOrId)
    {
        if (ImageReference.LooksLikeImageId(nameOrId))
        {
            string hex = nameOrId.StartsWith("sha256:", StringComparison.Ordinal) ? nameOrId[7..] : nameOrId;
            if (hex.Length == 64) { if (Get(new Digest("sha256", hex)) is { } exact) return exact; }
            else
            {
                var matches = _db.Read(c => c.Rows(null, "SELECT id FROM images WHERE id LIKE $p", r => r.GetString(0), ("$p", "sha256:" + hex + "%")));
                if (matches.Count > 1 && !ImageReference.TryParse(nameOrId, out _, out _))
                    throw ImageException.Invalid($"image id {nameOrId} is ambiguous: {matches.Count} images match");
                if (matches.Count == 1)
                {
                    // A name that is also hex ("deadbeef") wins over an ID prefix, as in Docker.
                    if (ImageReference.TryParse(nameOrId, out var asName, out _) && GetByName(asName) is { } named) return named;
                    return Get(Digest.Parse(matches[0]));
                }
            }
        }
        if (!ImageReference.TryParse(nameOrId, out var reference, out _)) return null;
        if (GetByName(reference) is { } byName) return byName;
        // name@digest also finds an image pulled by tag whose manifest has that digest.
        if (reference.Digest is { } d)
        {
            string? id = _db.Read(c => c.Scalar<string>(null, "SELECT id FROM images WHERE manifest_digest=$d OR index_digest=$d", ("$d", d.ToString())));
            if (id is not null) return Get(Digest.Parse(id));
        }
        return null;
    }

    private static string Key(ImageReference name) => name.ToString();

    // ---- configs and manifests -------------------------------------------------------------------------------

    public async Task<ImageConfig> GetConfigAsync(Digest id, CancellationToken cancellationToken = default)
    {
        byte[] bytes = await Content.ReadAllBytesAsync(id, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(bytes, ImageJsonContext.Default.ImageConfig)
            ?? throw ImageException.DataLoss($"image {id.Short}: config is empty");
    }

    public async Task<(ImageManifest Manifest, byte[] Raw)?> GetManifestAsync(ImageRecord image, CancellationToken cancellationToken = default)
    {
        if (image.ManifestDigest is not { } m || !Content.Exists(m)) return null;
        byte[] raw = await Content.ReadAllBytesAsync(m, cancellationToken).ConfigureAwait(false);
        var manifest = JsonSerializer.Deserialize(raw, ImageJsonContext.Default.ImageManifest) ?? throw ImageException.DataLoss($"manifest {m}: empty");
        return (manifest, raw);
    }

    // ---- writing ----------------------------------------------------------------------------------------------

    /// <summary>
    /// Records an image (replacing a record with the same ID), takes its hold on its top layer, and points
    /// <paramref name="names"/> at it (a tag that named another image moves), all in one transaction.
    /// </summary>
    public ImageRecord Put(ImageRecord image, IEnumerable<ImageReference>? names = null)
    {
        if (image.TopLayer is { } top && !Layers.Exists(top)) throw ImageException.NotFound($"image {image.Id.Short}: layer {top} not found");
        long size = image.TopLayer is { } t ? Layers.Chain(t).Sum(l => l.Size) : 0;
        var record = image with { Size = size, Added = image.Added == default ? DateTimeOffset.UtcNow : image.Added };
        var nameList = names?.ToList() ?? [];
        _db.Write((c, tx) =>
        {
            var existing = c.Scalar<string>(tx, "SELECT added FROM images WHERE id=$i", ("$i", record.Id.ToString()));
            if (existing is not null)
                record = record with { Added = DateTimeOffset.Parse(existing, CultureInfo.InvariantCulture) };
            c.Exec(tx, $"""
                INSERT INTO images({Columns}) VALUES($id,$md,$mt,$ms,$ix,$top,$size,$created,$added,$os,$arch,$var,$layers)
                ON CONFLICT(id) DO UPDATE SET manifest_digest=excluded.manifest_digest, manifest_media_type=excluded.manifest_media_type,
                  manifest_size=excluded.manifest_size, index_digest=COALESCE(excluded.index_digest, images.index_digest),
                  top_layer=excluded.top_layer, size=excluded.size, created=excluded.created, os=excluded.os,
                  architecture=excluded.architecture, variant=excluded.variant, layers_json=excluded.layers_json
                """,
                ("$id", record.Id.ToString()), ("$md", record.ManifestDigest?.ToString()), ("$mt", record.ManifestMediaType),
                ("$ms", record.ManifestSize), ("$ix", record.IndexDigest?.ToString()), ("$top", record.TopLayer?.ToString()),
                ("$size", record.Size), ("$created", record.Created?.ToString("O", CultureInfo.InvariantCulture)),
                ("$added", record.Added.ToString("O", CultureInfo.InvariantCulture)), ("$os", record.Os), ("$arch", record.Architecture),
                ("$var", record.Variant), ("$layers", JsonSerializer.Serialize(record.Layers.ToList(), ImagesJsonContext.Default.ListDescriptor)));
            if (record.TopLayer is { } topLayer) LayerStore.AddReference(c, tx, topLayer, record.LayerOwner);
            foreach (var name in nameList) SetName(c, tx, name, record.Id);
            return 0;
        });
        return Get(record.Id)!;
    }

    private static void SetName(SqliteConnection c, SqliteTransaction tx, ImageReference name, Digest id) =>
        c.Exec(tx, "INSERT INTO image_names(name, image_id, is_digest) VALUES($n,$i,$d) ON CONFLICT(name) DO UPDATE SET image_id=excluded.image_id",
            ("$n", Key(name)), ("$i", id.ToString()), ("$d", name.Digest is null ? 0 : 1));

    /// <summary>Points <paramref name="name"/> at the image (docker tag).</summary>
    public void Tag(Digest id, ImageReference name)
    {
        if (Get(id) is null) throw ImageException.NotFound($"no such image: {id}");
        _db.Write((c, tx) => { SetName(c, tx, name, id); return 0; });
    }

    /// <summary>Removes a name; false when it did not exist.</summary>
    public bool Untag(ImageReference name) =>
        _db.Write((c, tx) => c.Exec(tx, "DELETE FROM image_names WHERE name=$n", ("$n", Key(name)))) > 0;

    /// <summary>
    /// Deletes an image record, its names and its layer hold (one transaction), then frees the layers and blobs
    /// nothing else uses. Returns the chain IDs of the layers removed.
    /// </summary>
    public IReadOnlyList<Digest> Delete(Digest id)
    {
        var image = Get(id) ?? throw ImageException.NotFound($"no such image: {id}");
        _db.Write((c, tx) =>
        {
            c.Exec(tx, "DELETE FROM image_names WHERE image_id=$i", ("$i", id.ToString()));
            LayerStore.RemoveReference(c, tx, image.LayerOwner);
            c.Exec(tx, "DELETE FROM images WHERE id=$i", ("$i", id.ToString()));
            return 0;
        });
        var removed = Layers.Collect();
        CollectContent();
        return removed;
    }

    // ---- where blobs came from (for cross-repository mounts) -------------------------------------------------

    public void RecordBlobSource(Digest blob, string registry, string repository) =>
        _db.Write((c, tx) => c.Exec(tx, "INSERT OR IGNORE INTO blob_sources(digest, registry, repository) VALUES($d,$r,$p)",
            ("$d", blob.ToString()), ("$r", registry), ("$p", repository)));

    public IReadOnlyList<(string Registry, string Repository)> BlobSources(Digest blob) =>
        _db.Read(c => c.Rows(null, "SELECT registry, repository FROM blob_sources WHERE digest=$d", r => (r.GetString(0), r.GetString(1)), ("$d", blob.ToString())));

    // ---- garbage ------------------------------------------------------------------------------------------------

    /// <summary>Keeps blobs from <see cref="CollectContent"/> while a pull, load or build that wrote them is not finished.</summary>
    public IDisposable LeaseContent(IEnumerable<Digest> digests)
    {
        var list = digests.ToList();
        lock (_gate) foreach (var d in list) _contentLeases[d] = _contentLeases.GetValueOrDefault(d) + 1;
        return new ContentLease(this, list);
    }

    private sealed class ContentLease(ImageStore store, List<Digest> digests) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) != 0) return;
            lock (store._gate)
                foreach (var d in digests)
                    if (store._contentLeases.TryGetValue(d, out int n)) { if (n <= 1) store._contentLeases.Remove(d); else store._contentLeases[d] = n - 1; }
        }
    }

    /// <summary>Removes blobs that no image refers to (manifest, index, config, layers) and no lease keeps.</summary>
    public int CollectContent(TimeSpan? minimumAge = null)
    {
        var used = new HashSet<Digest>();
        foreach (var image in List())
        {
            used.Add(image.Id);
            if (image.ManifestDigest is { } m) used.Add(m);
            if (image.IndexDigest is { } i) used.Add(i);
            foreach (var l in image.Layers) if (Digest.TryParse(l.Digest, out var ld)) used.Add(ld);
        }
        var cutoff = DateTimeOffset.UtcNow - (minimumAge ?? TimeSpan.Zero);
        int removed = 0;
        foreach (var blob in Content.Walk().ToList())
        {
            if (used.Contains(blob.Digest) || blob.CommittedAt > cutoff) continue;
            lock (_gate) if (_contentLeases.ContainsKey(blob.Digest)) continue;
            if (Content.Delete(blob.Digest)) removed++;
        }
        return removed;
    }
}
