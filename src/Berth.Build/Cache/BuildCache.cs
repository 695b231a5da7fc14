using System.Globalization;
using Berth.Oci.Images;
using Microsoft.Data.Sqlite;

namespace Berth.Build.Cache;

/// <summary>
/// The build cache, kept in the daemon's database so that it survives restarts: step key → the image that step
/// made (the key covers the parent image, the instruction and its inputs, so a hit is exact); the images builds
/// made, with their parents (intermediate images are hidden from image lists and removed by builder prune); the
/// hashes of paths in images (COPY --from), which never change for an image ID.
/// </summary>
public sealed class BuildCache : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    public BuildCache(string databasePath)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30,
        }.ToString());
        _connection.Open();
        Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;");
        Exec("""
            CREATE TABLE IF NOT EXISTS build_cache(
                key TEXT PRIMARY KEY,
                image_id TEXT NOT NULL,
                parent TEXT,
                description TEXT NOT NULL,
                created TEXT NOT NULL,
                last_used TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS build_cache_image ON build_cache(image_id);
            CREATE TABLE IF NOT EXISTS build_images(
                id TEXT PRIMARY KEY,
                parent TEXT,
                created TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS build_images_parent ON build_images(parent);
            CREATE TABLE IF NOT EXISTS build_path_hashes(
                image_id TEXT NOT NULL,
                path TEXT NOT NULL,
                hash TEXT NOT NULL,
                PRIMARY KEY(image_id, path));
            CREATE TABLE IF NOT EXISTS build_link_layers(
                key TEXT PRIMARY KEY,
                blob TEXT NOT NULL,
                diff_id TEXT NOT NULL,
                size INTEGER NOT NULL,
                created TEXT NOT NULL);
            """);
    }

    private void Exec(string sql, params (string, object?)[] args)
    {
        lock (_lock)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
            cmd.ExecuteNonQuery();
        }
    }

    private T? Scalar<T>(string sql, params (string, object?)[] args)
    {
        lock (_lock)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
            var r = cmd.ExecuteScalar();
            return r is null or DBNull ? default : (T)r;
        }
    }

    private List<T> Rows<T>(string sql, Func<SqliteDataReader, T> map, params (string, object?)[] args)
    {
        lock (_lock)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
            using var r = cmd.ExecuteReader();
            var list = new List<T>();
            while (r.Read()) list.Add(map(r));
            return list;
        }
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The image a step with this key made before, if the cache has one.</summary>
    public Digest? Lookup(string key)
    {
        string? id = Scalar<string>("SELECT image_id FROM build_cache WHERE key=$k", ("$k", key));
        return id is not null && Digest.TryParse(id, out var d) ? d : null;
    }

    /// <summary>Records keys that hit, in one write at the end of a build.</summary>
    public void Touch(IEnumerable<string> keys)
    {
        var list = keys.ToList();
        if (list.Count == 0) return;
        lock (_lock)
        {
            using var tx = _connection.BeginTransaction();
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "UPDATE build_cache SET last_used=$t WHERE key=$k";
            var k = cmd.Parameters.Add("$k", SqliteType.Text);
            cmd.Parameters.AddWithValue("$t", Now());
            foreach (var key in list)
            {
                k.Value = key;
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    /// <summary>Remembers the image a step made, and that a build made it on <paramref name="parent"/>.</summary>
    public void Store(string key, Digest image, Digest? parent, string description)
    {
        string now = Now();
        lock (_lock)
        {
            using var tx = _connection.BeginTransaction();
            using (var cmd = _connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = """
                    INSERT INTO build_cache(key, image_id, parent, description, created, last_used) VALUES($k,$i,$p,$d,$t,$t)
                    ON CONFLICT(key) DO UPDATE SET image_id=excluded.image_id, parent=excluded.parent, last_used=excluded.last_used
                    """;
                cmd.Parameters.AddWithValue("$k", key);
                cmd.Parameters.AddWithValue("$i", image.ToString());
                cmd.Parameters.AddWithValue("$p", (object?)parent?.ToString() ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$d", description);
                cmd.Parameters.AddWithValue("$t", now);
                cmd.ExecuteNonQuery();
            }
            using (var cmd = _connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT OR IGNORE INTO build_images(id, parent, created) VALUES($i,$p,$t)";
                cmd.Parameters.AddWithValue("$i", image.ToString());
                cmd.Parameters.AddWithValue("$p", (object?)parent?.ToString() ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$t", now);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    /// <summary>Whether a build made this image as a step and another step was built on it (Docker hides such images).</summary>
    public bool HasChildren(Digest image) =>
        Scalar<long>("SELECT COUNT(1) FROM build_images WHERE parent=$p", ("$p", image.ToString())) > 0;

    /// <summary>Images builds made (intermediate steps and results).</summary>
    public IReadOnlyList<(Digest Id, Digest? Parent, DateTimeOffset Created)> Images() =>
        Rows("SELECT id, parent, created FROM build_images", r => (Digest.Parse(r.GetString(0)),
            r.IsDBNull(1) ? (Digest?)null : Digest.Parse(r.GetString(1)), DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture)));

    /// <summary>Cache entries: key, image, when last used.</summary>
    public IReadOnlyList<(string Key, Digest Image, string Description, DateTimeOffset Created, DateTimeOffset LastUsed)> Entries() =>
        Rows("SELECT key, image_id, description, created, last_used FROM build_cache", r => (r.GetString(0), Digest.Parse(r.GetString(1)), r.GetString(2),
            DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture), DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture)));

    public void RemoveEntry(string key) => Exec("DELETE FROM build_cache WHERE key=$k", ("$k", key));

    /// <summary>Forgets an image (after it was deleted): its cache entries, its record, its path hashes.</summary>
    public void ForgetImage(Digest image)
    {
        string id = image.ToString();
        lock (_lock)
        {
            using var tx = _connection.BeginTransaction();
            foreach (var sql in new[]
            {
                "DELETE FROM build_cache WHERE image_id=$i", "DELETE FROM build_images WHERE id=$i", "DELETE FROM build_path_hashes WHERE image_id=$i",
                "UPDATE build_images SET parent=NULL WHERE parent=$i",
            })
            {
                using var cmd = _connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = sql;
                cmd.Parameters.AddWithValue("$i", id);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    public string? PathHash(Digest image, string path) =>
        Scalar<string>("SELECT hash FROM build_path_hashes WHERE image_id=$i AND path=$p", ("$i", image.ToString()), ("$p", path));

    public void StorePathHash(Digest image, string path, string hash) =>
        Exec("INSERT OR REPLACE INTO build_path_hashes(image_id, path, hash) VALUES($i,$p,$h)", ("$i", image.ToString()), ("$p", path), ("$h", hash));

    /// <summary>A COPY --link layer made before from the same inputs: blob digest, diffID, size.</summary>
    public (Digest Blob, Digest DiffId, long Size)? LinkLayer(string key)
    {
        var rows = Rows("SELECT blob, diff_id, size FROM build_link_layers WHERE key=$k", r => (Digest.Parse(r.GetString(0)), Digest.Parse(r.GetString(1)), r.GetInt64(2)), ("$k", key));
        return rows.Count == 0 ? null : rows[0];
    }

    public void StoreLinkLayer(string key, Digest blob, Digest diffId, long size) =>
        Exec("INSERT OR REPLACE INTO build_link_layers(key, blob, diff_id, size, created) VALUES($k,$b,$d,$s,$t)",
            ("$k", key), ("$b", blob.ToString()), ("$d", diffId.ToString()), ("$s", size), ("$t", Now()));

    public void RemoveLinkLayer(string key) => Exec("DELETE FROM build_link_layers WHERE key=$k", ("$k", key));

    public IReadOnlyList<(string Key, Digest Blob, long Size)> LinkLayers() =>
        Rows("SELECT key, blob, size FROM build_link_layers", r => (r.GetString(0), Digest.Parse(r.GetString(1)), r.GetInt64(2)));

    public void Dispose()
    {
        lock (_lock) _connection.Dispose();
    }
}
