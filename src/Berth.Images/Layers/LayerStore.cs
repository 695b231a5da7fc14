using System.Security.Cryptography;
using System.Text;
using Berth.Images.Archive;
using Berth.Images.Metadata;
using Berth.Linux;
using Berth.Linux.Fs;
using Berth.Oci.Images;
using Microsoft.Data.Sqlite;

namespace Berth.Images.Layers;

/// <summary>
/// Layers on disk, overlayfs style:
/// <c>&lt;root&gt;/&lt;chain hex&gt;/diff</c> holds a layer's files; <c>&lt;root&gt;/l/&lt;link&gt;</c> is a short symlink
/// to it, so that the lowerdir list of a deep image stays short; <c>&lt;root&gt;/s/&lt;id&gt;/{upper,work}</c> are
/// snapshots; <c>&lt;root&gt;/tmp/</c> holds layers being unpacked. A layer becomes visible only complete: it is
/// unpacked in tmp, (optionally) synced, renamed into place, then recorded in the database.
/// </summary>
public sealed class LayerStore : ILayerStore
{
    private const string LinkAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private readonly ImageDatabase _db;
    private readonly LayerStoreOptions _options;
    private readonly Dictionary<Digest, Task<Layer>> _creating = new();
    private readonly Dictionary<Digest, int> _leases = new();
    private readonly Lock _gate = new();

    public string Root { get; }

    public LayerStore(string root, ImageDatabase db, LayerStoreOptions? options = null)
    {
        Root = Path.GetFullPath(root);
        _db = db;
        _options = options ?? new LayerStoreOptions();
        foreach (string d in new[] { Root, LinkDir, SnapshotDir, TmpDir, EmptyDir }) Directory.CreateDirectory(d);
        Recover();
    }

    private string LinkDir => Path.Combine(Root, "l");
    private string SnapshotDir => Path.Combine(Root, "s");
    private string TmpDir => Path.Combine(Root, "tmp");
    private string EmptyDir => Path.Combine(Root, "empty");

    // ---- identities -----------------------------------------------------------------------------------------

    /// <summary>config.md: ChainID(L0) = DiffID(L0); ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)).</summary>
    public static Digest ChainIdOf(Digest? parentChainId, Digest diffId) =>
        parentChainId is { } p ? Digest.Sha256(Encoding.ASCII.GetBytes(p + " " + diffId)) : diffId;

    public static IReadOnlyList<Digest> ChainIds(IEnumerable<Digest> diffIds)
    {
        var list = new List<Digest>();
        Digest? parent = null;
        foreach (var d in diffIds)
        {
            parent = ChainIdOf(parent, d);
            list.Add(parent.Value);
        }
        return list;
    }

    // ---- queries --------------------------------------------------------------------------------------------

    private Layer Map(SqliteDataReader r)
    {
        var chain = Digest.Parse(r.GetString(0));
        return new Layer(chain, Digest.Parse(r.GetString(1)), r.IsDBNull(2) ? null : Digest.Parse(r.GetString(2)), r.GetInt64(4),
            Path.Combine(Root, chain.Hex, "diff"), r.GetString(3), DateTimeOffset.Parse(r.GetString(5), System.Globalization.CultureInfo.InvariantCulture));
    }

    private const string LayerColumns = "chain_id, diff_id, parent, link, size, created";

    public Layer? Get(Digest chainId) =>
        _db.Read(c => c.Rows(null, $"SELECT {LayerColumns} FROM layers WHERE chain_id=$c", Map, ("$c", chainId.ToString())).FirstOrDefault());

    public bool Exists(Digest chainId) => Get(chainId) is not null;

    public IReadOnlyList<Layer> List() => _db.Read(c => c.Rows(null, $"SELECT {LayerColumns} FROM layers ORDER BY created", Map));

    public IReadOnlyList<Layer> Chain(Digest? top)
    {
        var chain = new List<Layer>();
        var next = top;
        while (next is { } id)
        {
            var layer = Get(id) ?? throw ImageException.NotFound($"layer {id}: not found");
            chain.Add(layer);
            next = layer.Parent;
        }
        chain.Reverse();
        return chain;
    }

    // ---- applying -------------------------------------------------------------------------------------------

    public async Task<Layer> GetOrCreateAsync(Digest chainId, Func<CancellationToken, Task<Layer>> create, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task<Layer> task;
            lock (_gate)
            {
                if (!_creating.TryGetValue(chainId, out task!))
                {
                    if (Get(chainId) is { } existing) return existing;
                    task = create(cancellationToken);
                    _creating[chainId] = task;
                    _ = task.ContinueWith(_ => { lock (_gate) _creating.Remove(chainId); }, CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
            try
            {
                return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The caller that started the work gave up; start it again for this one.
                await Task.Yield();
            }
        }
    }

    public async Task<Layer> ApplyAsync(Digest? parent, Stream layer, LayerApplyOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (parent is { } p && !Exists(p)) throw ImageException.NotFound($"parent layer {p}: not found");
        using var unpacked = await Task.Run(() => Unpack(layer, options ?? new LayerApplyOptions(), cancellationToken), cancellationToken).ConfigureAwait(false);
        return Commit(unpacked, parent);
    }

    /// <summary>
    /// Unpacks a layer stream (tar, tar+gzip, tar+zstd) into a private directory, digesting the tar as it goes;
    /// checks <see cref="LayerApplyOptions.ExpectedDiffId"/>. Blocking: run it on a worker thread.
    /// </summary>
    public UnpackedLayer Unpack(Stream layer, LayerApplyOptions options, CancellationToken cancellationToken = default)
    {
        string source = options.Source ?? "layer";
        string tmp = Path.Combine(TmpDir, Guid.NewGuid().ToString("N"));
        string diff = Path.Combine(tmp, "diff");
        Directory.CreateDirectory(diff);
        try
        {
            Digest diffId;
            TarApplyResult result;
            try
            {
                var (plain, _) = Compression.Decompress(layer, leaveOpen: true);
                using (plain)
                using (var hashing = new HashingReadStream(plain, leaveOpen: true))
                {
                    result = TarApplier.Apply(hashing, diff, _options.Tar(options.Progress), cancellationToken);
                    hashing.Drain();
                    diffId = hashing.Digest;
                }
            }
            catch (InvalidDataException e)
            {
                throw ImageException.Invalid($"{source}: corrupt compressed data: {e.Message}", e);
            }
            catch (ZstdSharp.ZstdException e)
            {
                throw ImageException.Invalid($"{source}: corrupt zstd data: {e.Message}", e);
            }
            catch (ImageException e)
            {
                throw new ImageException(e.Kind, $"{source}: {e.Message}", e);
            }
            if (options.ExpectedDiffId is { } expected && expected != diffId)
                throw ImageException.DataLoss($"{source}: layer content has diffID {diffId}, the image config says {expected}");
            return new UnpackedLayer(tmp, diffId, result.ContentBytes);
        }
        catch
        {
            FsTree.RemoveAll(tmp);
            throw;
        }
    }

    /// <summary>
    /// Moves an unpacked layer into the store on top of <paramref name="parent"/> (which must be in the store)
    /// and records it; returns the existing layer if that chain is already there.
    /// </summary>
    public Layer Commit(UnpackedLayer unpacked, Digest? parent)
    {
        if (unpacked.Committed) throw new InvalidOperationException("layer already committed");
        if (parent is { } p && !Exists(p)) throw ImageException.NotFound($"parent layer {p}: not found");
        var chainId = ChainIdOf(parent, unpacked.DiffId);
        if (Get(chainId) is { } present) return present;
        if (_options.SyncOnCommit)
        {
            // Outside the lock: flushing a big layer takes a while and other layers may commit meanwhile.
            using var fd = FileDescriptors.Open(unpacked.TempDir, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY);
            FsCalls.Syncfs(fd);
        }
        lock (_gate)
        {
            if (Get(chainId) is { } existing) return existing;
            string final = Path.Combine(Root, chainId.Hex);
            if (Directory.Exists(final)) FsTree.RemoveAll(final);
            string link = NewLink();
            File.CreateSymbolicLink(Path.Combine(LinkDir, link), Path.Combine("..", chainId.Hex, "diff"));
            Directory.Move(unpacked.TempDir, final);
            unpacked.Committed = true;
            AtomicFile.SyncDirectory(Root);
            string created = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            _db.Write((c, t) => c.Exec(t, "INSERT INTO layers(chain_id, diff_id, parent, link, size, created) VALUES($c,$d,$p,$l,$s,$t)",
                ("$c", chainId.ToString()), ("$d", unpacked.DiffId.ToString()), ("$p", parent?.ToString()), ("$l", link), ("$s", unpacked.Size), ("$t", created)));
            return Get(chainId)!;
        }
    }

    private string NewLink()
    {
        Span<char> chars = stackalloc char[10];
        while (true)
        {
            for (int i = 0; i < chars.Length; i++) chars[i] = LinkAlphabet[RandomNumberGenerator.GetInt32(LinkAlphabet.Length)];
            string link = new(chars);
            if (!Path.Exists(Path.Combine(LinkDir, link))) return link;
        }
    }

    // ---- references and collection -------------------------------------------------------------------------

    public void AddReference(Digest chainId, string owner)
    {
        try
        {
            _db.Write((c, t) => c.Exec(t, "INSERT OR IGNORE INTO layer_refs(chain_id, owner) VALUES($c,$o)", ("$c", chainId.ToString()), ("$o", owner)));
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw ImageException.NotFound($"layer {chainId}: not found");
        }
    }

    /// <summary>Adds the reference inside a caller's transaction (the image store records images and references together).</summary>
    internal static void AddReference(SqliteConnection c, SqliteTransaction t, Digest chainId, string owner) =>
        c.Exec(t, "INSERT OR IGNORE INTO layer_refs(chain_id, owner) VALUES($c,$o)", ("$c", chainId.ToString()), ("$o", owner));

    internal static void RemoveReference(SqliteConnection c, SqliteTransaction t, string owner) =>
        c.Exec(t, "DELETE FROM layer_refs WHERE owner=$o", ("$o", owner));

    public bool RemoveReference(Digest chainId, string owner) =>
        _db.Write((c, t) => c.Exec(t, "DELETE FROM layer_refs WHERE chain_id=$c AND owner=$o", ("$c", chainId.ToString()), ("$o", owner))) > 0;

    public IReadOnlyList<string> References(Digest chainId) =>
        _db.Read(c => c.Rows(null, "SELECT owner FROM layer_refs WHERE chain_id=$c ORDER BY owner", r => r.GetString(0), ("$c", chainId.ToString())));

    public IDisposable Lease(IEnumerable<Digest> chainIds)
    {
        var ids = chainIds.ToList();
        lock (_gate)
            foreach (var id in ids) _leases[id] = _leases.GetValueOrDefault(id) + 1;
        return new LeaseHandle(this, ids);
    }

    private sealed class LeaseHandle(LayerStore store, List<Digest> ids) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            lock (store._gate)
                foreach (var id in ids)
                    if (store._leases.TryGetValue(id, out int n)) { if (n <= 1) store._leases.Remove(id); else store._leases[id] = n - 1; }
        }
    }

    public IReadOnlyList<Digest> Collect()
    {
        var removed = new List<Digest>();
        lock (_gate)
        {
            while (true)
            {
                var unused = _db.Read(c => c.Rows(null, """
                    SELECT chain_id FROM layers l
                    WHERE NOT EXISTS (SELECT 1 FROM layer_refs r WHERE r.chain_id = l.chain_id)
                      AND NOT EXISTS (SELECT 1 FROM layers k WHERE k.parent = l.chain_id)
                      AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.parent = l.chain_id)
                      AND NOT EXISTS (SELECT 1 FROM images i WHERE i.top_layer = l.chain_id)
                    """, r => Digest.Parse(r.GetString(0))))
                    .Where(d => !_leases.ContainsKey(d) && !_creating.ContainsKey(d)).ToList();
                if (unused.Count == 0) break;
                foreach (var id in unused)
                {
                    var layer = Get(id);
                    _db.Write((c, t) => c.Exec(t, "DELETE FROM layers WHERE chain_id=$c", ("$c", id.ToString())));
                    if (layer is not null) File.Delete(Path.Combine(LinkDir, layer.Link));
                    FsTree.RemoveAll(Path.Combine(Root, id.Hex));
                    removed.Add(id);
                }
            }
        }
        return removed;
    }

    /// <summary>After a crash: drop half-unpacked layers, directories and links without a record, orphan snapshots.</summary>
    private void Recover()
    {
        foreach (string d in Directory.EnumerateDirectories(TmpDir)) FsTree.RemoveAll(d);
        var known = _db.Read(c => c.Rows(null, "SELECT chain_id, link FROM layers", r => (Digest.Parse(r.GetString(0)).Hex, r.GetString(1))));
        var hexes = known.Select(k => k.Hex).ToHashSet(StringComparer.Ordinal);
        var links = known.Select(k => k.Item2).ToHashSet(StringComparer.Ordinal);
        foreach (string d in Directory.EnumerateDirectories(Root))
        {
            string name = Path.GetFileName(d);
            if (name.Length == 64 && !hexes.Contains(name)) FsTree.RemoveAll(d);
        }
        foreach (string l in Directory.EnumerateFileSystemEntries(LinkDir))
            if (!links.Contains(Path.GetFileName(l))) File.Delete(l);
        var snapshotDirs = _db.Read(c => c.Rows(null, "SELECT dir FROM snapshots", r => r.GetString(0))).ToHashSet(StringComparer.Ordinal);
        foreach (string d in Directory.EnumerateDirectories(SnapshotDir))
            if (!snapshotDirs.Contains(Path.GetFileName(d))) FsTree.RemoveAll(d);
    }

    // ---- snapshots ------------------------------------------------------------------------------------------

    private Snapshot MapSnapshot(SqliteDataReader r) =>
        new(r.GetString(0), r.IsDBNull(1) ? null : Digest.Parse(r.GetString(1)), Path.Combine(SnapshotDir, r.GetString(2)),
            DateTimeOffset.Parse(r.GetString(3), System.Globalization.CultureInfo.InvariantCulture));

    public Snapshot Prepare(string key, Digest? parent)
    {
        if (string.IsNullOrEmpty(key)) throw ImageException.Invalid("snapshot key is empty");
        if (parent is { } p && !Exists(p)) throw ImageException.NotFound($"layer {p}: not found");
        if (GetSnapshot(key) is not null) throw new ImageException(ImageErrorKind.AlreadyExists, $"snapshot {key}: already exists");
        string id = NewLink();
        string dir = Path.Combine(SnapshotDir, id);
        Directory.CreateDirectory(Path.Combine(dir, "upper"));
        Directory.CreateDirectory(Path.Combine(dir, "work"));
        File.SetUnixFileMode(Path.Combine(dir, "upper"), (UnixFileMode)0x1ED);
        try
        {
            string created = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            _db.Write((c, t) => c.Exec(t, "INSERT INTO snapshots(key, parent, dir, created) VALUES($k,$p,$d,$t)",
                ("$k", key), ("$p", parent?.ToString()), ("$d", id), ("$t", created)));
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            FsTree.RemoveAll(dir);
            throw new ImageException(ImageErrorKind.AlreadyExists, $"snapshot {key}: already exists or its parent is gone");
        }
        return GetSnapshot(key)!;
    }

    public Snapshot? GetSnapshot(string key) =>
        _db.Read(c => c.Rows(null, "SELECT key, parent, dir, created FROM snapshots WHERE key=$k", MapSnapshot, ("$k", key)).FirstOrDefault());

    public IReadOnlyList<Snapshot> ListSnapshots() =>
        _db.Read(c => c.Rows(null, "SELECT key, parent, dir, created FROM snapshots ORDER BY created", MapSnapshot));

    private Snapshot RequireSnapshot(string key) => GetSnapshot(key) ?? throw ImageException.NotFound($"snapshot {key}: not found");

    /// <summary>Lower directories, top first, by their short links.</summary>
    private List<string> Lowers(Digest? top)
    {
        var chain = Chain(top);
        var lowers = chain.Select(l => Path.Combine(LinkDir, l.Link)).Reverse().ToList();
        if (lowers.Count == 0) lowers.Add(EmptyDir);
        return lowers;
    }

    public OverlaySpec Mounts(string key)
    {
        var s = RequireSnapshot(key);
        return new OverlaySpec(Lowers(s.Parent), s.UpperDir, s.WorkDir);
    }

    public OverlaySpec View(Digest? top)
    {
        var lowers = Lowers(top);
        // overlay needs two lowers without an upper.
        if (lowers.Count == 1) lowers.Add(EmptyDir);
        return new OverlaySpec(lowers, null, null);
    }

    public void Mount(string key, string target)
    {
        Directory.CreateDirectory(target);
        Mounts(key).MountAt(target, method: _options.MountMethod);
    }

    public void Unmount(string target) => OverlayMount.Unmount(target);

    public void RemoveSnapshot(string key)
    {
        var s = RequireSnapshot(key);
        _db.Write((c, t) => c.Exec(t, "DELETE FROM snapshots WHERE key=$k", ("$k", key)));
        FsTree.RemoveAll(s.Directory);
    }

    public LayerDiff Diff(string key, Stream output)
    {
        var s = RequireSnapshot(key);
        return OverlayDiff.Write(s.UpperDir, output, _options.OpaqueXattr);
    }

    public IReadOnlyList<Change> Changes(string key)
    {
        var s = RequireSnapshot(key);
        var lowers = Chain(s.Parent).Select(l => l.Directory).Reverse().ToList();
        return OverlayDiff.Changes(s.UpperDir, lowers, _options.OpaqueXattr);
    }

    public long UsedBytes(string key) => OverlayDiff.UsedBytes(RequireSnapshot(key).UpperDir);
}
