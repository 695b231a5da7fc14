using Microsoft.Data.Sqlite;

namespace Berth.Engine.State;

/// <summary>
/// The daemon's metadata database (berth.db, SQLite in WAL mode). Every change is a transaction, so a kill -9
/// at any instant leaves either the old or the new row. One connection per operation; SQLite serialises writers.
/// </summary>
public sealed class StateDatabase
{
    private readonly string _connectionString;

    public StateDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var c = Open();
        Execute(c, "PRAGMA journal_mode=WAL;");
        Execute(c, """
            CREATE TABLE IF NOT EXISTS containers (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, doc TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS volumes (name TEXT PRIMARY KEY, doc TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """);
    }

    public string ConnectionString => _connectionString;

    public SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        Execute(c, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;");
        return c;
    }

    public static void Execute(SqliteConnection c, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }
}
