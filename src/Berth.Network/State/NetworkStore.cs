using System.Text.Json;
using Berth.Linux;

namespace Berth.Network.State;

/// <summary>
/// Network and sandbox records, one JSON file each under the data directory, each written temp-fsync-rename: a
/// connect or disconnect rewrites one small file, a crash leaves the old record or the new. IP allocations are not
/// stored apart: they are the addresses the endpoint records hold, so they cannot drift from them.
/// </summary>
public sealed class NetworkStore
{
    private readonly string _networks;
    private readonly string _sandboxes;

    public NetworkStore(string dataDir)
    {
        _networks = Path.Combine(dataDir, "networks");
        _sandboxes = Path.Combine(dataDir, "sandboxes");
        Directory.CreateDirectory(_networks);
        Directory.CreateDirectory(_sandboxes);
    }

    public IEnumerable<NetworkRecord> LoadNetworks() => Load(_networks, NetworkJsonContext.Default.NetworkRecord);

    public IEnumerable<SandboxRecord> LoadSandboxes() => Load(_sandboxes, NetworkJsonContext.Default.SandboxRecord);

    public void Save(NetworkRecord record) =>
        AtomicFile.Write(Path.Combine(_networks, record.Id + ".json"), JsonSerializer.SerializeToUtf8Bytes(record, NetworkJsonContext.Default.NetworkRecord));

    public void Save(SandboxRecord record) =>
        AtomicFile.Write(Path.Combine(_sandboxes, record.ContainerId + ".json"), JsonSerializer.SerializeToUtf8Bytes(record, NetworkJsonContext.Default.SandboxRecord));

    public void DeleteNetwork(string id) => Delete(Path.Combine(_networks, id + ".json"));

    public void DeleteSandbox(string containerId) => Delete(Path.Combine(_sandboxes, containerId + ".json"));

    private static void Delete(string path)
    {
        File.Delete(path);
        AtomicFile.SyncDirectory(Path.GetDirectoryName(path)!);
    }

    private static IEnumerable<T> Load<T>(string dir, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
    {
        foreach (var file in Directory.EnumerateFiles(dir, "*.json"))
        {
            T? record;
            try
            {
                record = JsonSerializer.Deserialize(File.ReadAllBytes(file), info);
            }
            catch (JsonException)
            {
                // A record torn by hand or by a disk fault: skip it rather than refuse to start; reconciliation
                // removes whatever kernel objects it described.
                continue;
            }
            if (record is not null) yield return record;
        }
    }
}
