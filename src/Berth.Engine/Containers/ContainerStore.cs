using System.Text.Json;
using Berth.Engine.State;

namespace Berth.Engine.Containers;

/// <summary>Persists container records in berth.db; each save is one transaction.</summary>
public sealed class ContainerStore(StateDatabase db)
{
    public void Insert(ContainerRecord c)
    {
        using var conn = db.Open();
        try
        {
            StateDatabase.Execute(conn, "INSERT INTO containers (id, name, doc) VALUES ($id, $name, $doc)",
                ("$id", c.Id), ("$name", c.Name), ("$doc", Serialize(c)));
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new Errors.EngineException(Errors.ErrorKind.Conflict,
                $"Conflict. The container name \"/{c.Name}\" is already in use. You have to remove (or rename) that container to be able to reuse that name.");
        }
    }

    public void Update(ContainerRecord c)
    {
        using var conn = db.Open();
        StateDatabase.Execute(conn, "UPDATE containers SET name = $name, doc = $doc WHERE id = $id",
            ("$id", c.Id), ("$name", c.Name), ("$doc", Serialize(c)));
    }

    public void Delete(string id)
    {
        using var conn = db.Open();
        StateDatabase.Execute(conn, "DELETE FROM containers WHERE id = $id", ("$id", id));
    }

    public List<ContainerRecord> LoadAll()
    {
        using var conn = db.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT doc FROM containers";
        using var reader = cmd.ExecuteReader();
        var list = new List<ContainerRecord>();
        while (reader.Read())
        {
            var c = JsonSerializer.Deserialize(reader.GetString(0), EngineJsonContext.Default.ContainerRecord);
            if (c is not null) list.Add(c);
        }
        return list;
    }

    private static string Serialize(ContainerRecord c) => JsonSerializer.Serialize(c, EngineJsonContext.Default.ContainerRecord);
}
