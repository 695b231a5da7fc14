using System.Security.Cryptography;
using System.Text.Json;
using Berth.Engine.Errors;
using Berth.Engine.Filtering;
using Berth.Engine.Model;
using Berth.Engine.State;
using Berth.Linux;

namespace Berth.Engine.Volumes;

/// <summary>
/// The local volume driver: a directory per volume under &lt;data-root&gt;/volumes/&lt;name&gt;/_data, or, with driver
/// options (type/device/o), a filesystem mounted there when a container uses it. Records live in berth.db.
/// </summary>
public sealed partial class VolumeService
{
    private readonly BerthEngine _engine;
    private readonly object _lock = new();
    private readonly Dictionary<string, int> _mountCounts = new();

    public VolumeService(BerthEngine engine) => _engine = engine;

    public string Root => Path.Combine(_engine.Options.DataRoot, "volumes");
    public string DataPath(string name) => Path.Combine(Root, name, "_data");

    public static bool IsValidName(string name) => name.Length >= 2 && char.IsAsciiLetterOrDigit(name[0])
        && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '.' or '-');

    public VolumeRecord? TryGet(string name)
    {
        using var c = _engine.Database.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT doc FROM volumes WHERE name = $n";
        cmd.Parameters.AddWithValue("$n", name);
        var doc = cmd.ExecuteScalar() as string;
        return doc is null ? null : JsonSerializer.Deserialize(doc, VolumeJsonContext.Default.VolumeRecord);
    }

    public VolumeRecord Get(string name) => TryGet(name) ?? throw EngineException.NotFound($"get {name}: no such volume");

    public List<VolumeRecord> List()
    {
        using var c = _engine.Database.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT doc FROM volumes ORDER BY name";
        using var r = cmd.ExecuteReader();
        var list = new List<VolumeRecord>();
        while (r.Read()) list.Add(JsonSerializer.Deserialize(r.GetString(0), VolumeJsonContext.Default.VolumeRecord)!);
        return list;
    }

    /// <summary>Creates a volume, or returns the existing one of that name (Docker's create is idempotent).</summary>
    public VolumeRecord Create(string? name, string? driver, Dictionary<string, string>? options, Dictionary<string, string>? labels, bool anonymous = false)
    {
        driver = string.IsNullOrEmpty(driver) ? "local" : driver;
        if (driver != "local") throw EngineException.NotFound($"error looking up volume plugin {driver}: plugin \"{driver}\" not found");
        if (string.IsNullOrEmpty(name))
        {
            name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            anonymous = true;
        }
        else if (!IsValidName(name))
            throw EngineException.Invalid($"create {name}: \"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
        foreach (var key in (options ?? []).Keys)
            if (key is not ("type" or "device" or "o" or "size"))
                throw EngineException.Invalid($"create {name}: invalid option: \"{key}\"");
        if (options is { Count: > 0 } && (!options.ContainsKey("type") && !options.ContainsKey("device")))
            throw EngineException.Invalid($"create {name}: missing required option: \"type\" or \"device\"");
        lock (_lock)
        {
            if (TryGet(name) is { } existing) return existing;
            var record = new VolumeRecord
            {
                Name = name, CreatedAt = DateTimeOffset.UtcNow, Labels = labels ?? new(), Options = options ?? new(), Anonymous = anonymous,
            };
            Directory.CreateDirectory(DataPath(name));
            File.SetUnixFileMode(DataPath(name), (UnixFileMode)0x1ED);
            Save(record);
            _engine.Events.Publish("volume", "create", name, new Dictionary<string, string> { ["driver"] = "local" });
            return record;
        }
    }

    public void Save(VolumeRecord v)
    {
        using var c = _engine.Database.Open();
        StateDatabase.Execute(c, "INSERT INTO volumes (name, doc) VALUES ($n, $d) ON CONFLICT(name) DO UPDATE SET doc = $d",
            ("$n", v.Name), ("$d", JsonSerializer.Serialize(v, VolumeJsonContext.Default.VolumeRecord)));
    }

    /// <summary>Removes a volume; refused while a container uses it unless <paramref name="force"/> (Docker: "volume is in use").</summary>
    public void Remove(string name, bool force, IReadOnlyList<string> usedBy)
    {
        lock (_lock)
        {
            var v = TryGet(name);
            if (v is null)
            {
                if (force) return;
                throw EngineException.NotFound($"get {name}: no such volume");
            }
            if (usedBy.Count > 0)
                throw EngineException.Conflict($"remove {name}: volume is in use - [{string.Join(", ", usedBy)}]");
            UnmountIfMounted(name);
            using (var c = _engine.Database.Open())
                StateDatabase.Execute(c, "DELETE FROM volumes WHERE name = $n", ("$n", name));
            try { Directory.Delete(Path.Combine(Root, name), recursive: true); } catch (DirectoryNotFoundException) { }
            _engine.Events.Publish("volume", "destroy", name, new Dictionary<string, string> { ["driver"] = "local" });
        }
    }

    /// <summary>The host path a container mounts; mounts the configured filesystem on first use.</summary>
    public string Acquire(string name)
    {
        var v = Get(name);
        string path = DataPath(name);
        lock (_lock)
        {
            _mountCounts.TryGetValue(name, out int n);
            if (n == 0 && v.Options.Count > 0 && (v.Options.ContainsKey("type") || v.Options.ContainsKey("device")))
                LocalVolumeMount.Mount(v, path);
            _mountCounts[name] = n + 1;
        }
        return path;
    }

    /// <summary>Acquire for a container's mount, with Docker's "mount" event.</summary>
    public string Acquire(string name, string containerId, Containers.PlannedMount mount)
    {
        string path = Acquire(name);
        _engine.Events.Publish("volume", "mount", name, new Dictionary<string, string>
        {
            ["driver"] = "local", ["container"] = containerId, ["destination"] = mount.Destination,
            ["read/write"] = mount.ReadOnly ? "false" : "true", ["propagation"] = mount.Propagation,
        });
        return path;
    }

    /// <summary>Release for a container's mount, with Docker's "unmount" event.</summary>
    public void Release(string name, string containerId)
    {
        Release(name);
        _engine.Events.Publish("volume", "unmount", name, new Dictionary<string, string> { ["driver"] = "local", ["container"] = containerId });
    }

    public void Release(string name)
    {
        lock (_lock)
        {
            if (!_mountCounts.TryGetValue(name, out int n)) return;
            if (n <= 1)
            {
                _mountCounts.Remove(name);
                UnmountIfMounted(name);
            }
            else _mountCounts[name] = n - 1;
        }
    }

    private void UnmountIfMounted(string name)
    {
        var v = TryGet(name);
        if (v is not null && v.Options.Count > 0) LocalVolumeMount.Unmount(DataPath(name));
    }

    public Volume ToApi(VolumeRecord v, long? size = null, long? refCount = null) => new()
    {
        Name = v.Name,
        Driver = v.Driver,
        Mountpoint = DataPath(v.Name),
        CreatedAt = v.CreatedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", global::System.Globalization.CultureInfo.InvariantCulture),
        Labels = EffectiveLabels(v),
        Scope = "local",
        Options = v.Options.Count > 0 ? v.Options : null,
        UsageData = size is null ? null : new VolumeUsageData { Size = size, RefCount = refCount ?? 0 },
    };
}
