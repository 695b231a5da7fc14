using Microsoft.Data.Sqlite;

namespace Berth.Images.Metadata;

/// <summary>
/// The SQLite file that holds image and layer metadata (WAL, foreign keys). One connection, used under a lock:
/// every statement is short, and a write is one immediate transaction, so a kill at any instant leaves either
/// all of a change or none of it.
/// </summary>
public sealed class ImageDatabase : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    public string Path { get; }

    private ImageDatabase(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    public static ImageDatabase Open(string path)
    {
        SQLitePCL.Batteries_V2.Init();
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        var db = new ImageDatabase(path, connection);
        db.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;");
        db.Write((c, t) =>
        {
            using var cmd = c.CreateCommand();
            cmd.Transaction = t;
            cmd.CommandText = Schema;
            cmd.ExecuteNonQuery();
            return 0;
        });
        return db;
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS layers(
            chain_id TEXT PRIMARY KEY,
            diff_id TEXT NOT NULL,
            parent TEXT REFERENCES layers(chain_id),
            link TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            created TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS layers_parent ON layers(parent);
        CREATE TABLE IF NOT EXISTS layer_refs(
            chain_id TEXT NOT NULL REFERENCES layers(chain_id),
            owner TEXT NOT NULL,
            PRIMARY KEY(chain_id, owner));
        CREATE TABLE IF NOT EXISTS snapshots(
            key TEXT PRIMARY KEY,
            parent TEXT REFERENCES layers(chain_id),
            dir TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS images(
            id TEXT PRIMARY KEY,
            manifest_digest TEXT,
            manifest_media_type TEXT,
            manifest_size INTEGER,
            index_digest TEXT,
            top_layer TEXT REFERENCES layers(chain_id),
            size INTEGER NOT NULL,
            created TEXT,
            added TEXT NOT NULL,
            os TEXT,
            architecture TEXT,
            variant TEXT,
            layers_json TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS image_names(
            name TEXT PRIMARY KEY,
            image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            is_digest INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS image_names_image ON image_names(image_id);
        CREATE TABLE IF NOT EXISTS blob_sources(
            digest TEXT NOT NULL,
            registry TEXT NOT NULL,
            repository TEXT NOT NULL,
            PRIMARY KEY(digest, registry, repository));
        """;

    private void Exec(string sql)
    {
        lock (_lock)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Runs a read under the lock.</summary>
    internal T Read<T>(Func<SqliteConnection, T> read)
    {
        lock (_lock) return read(_connection);
    }

    /// <summary>Runs <paramref name="write"/> in one immediate transaction, committed when it returns.</summary>
    internal T Write<T>(Func<SqliteConnection, SqliteTransaction, T> write)
    {
        lock (_lock)
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            var result = write(_connection, tx);
            tx.Commit();
            return result;
        }
    }

    public void Dispose()
    {
        lock (_lock) _connection.Dispose();
    }
}
