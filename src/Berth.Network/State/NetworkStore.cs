using System.Text.Json;
using Berth.Linux;

namespace Berth.Network.State;

/// <summary>
/// Network and sandbox records, one JSON file each. Networks are configuration: under the data directory, written
/// temp-fsync-rename. Sandboxes (a container's endpoints, addresses, ports) describe kernel objects that die with
/// the machine: they live under the run directory and are written temp-rename without fsync, which keeps them
/// whole through a daemon crash (the page cache survives it) and is all a reboot needs (the namespaces and veths
/// are gone then too). That keeps a connect off the disk's fsync latency (20-50 ms on the development machines).
/// IP allocations are not stored apart: they are the addresses the endpoint records hold, so they cannot drift.
/// </summary>
public sealed class NetworkStore
{
    private readonly string _networks;
    private readonly string _sandboxes;

    public NetworkStore(string dataDir, string runDir)
    {
        _networks = Path.Combine(dataDir, "networks");
        _sandboxes = Path.Combine(runDir, "sandboxes");
        Directory.CreateDirectory(_networks);
        Directory.CreateDirectory(_sandboxes);
    }

    public IEnumerable<NetworkRecord> LoadNetworks() => Load(_networks, NetworkJsonContext.Default.NetworkRecord);

    public IEnumerable<SandboxRecord> LoadSandboxes() => Load(_sandboxes, NetworkJsonContext.Default.SandboxRecord);

    public void Save(NetworkRecord record) =>
        AtomicFile.Write(Path.Combine(_networks, record.Id + ".json"), JsonSerializer.SerializeToUtf8Bytes(record, NetworkJsonContext.Default.NetworkRecord));

    public void Save(SandboxRecord record)
    {
        string path = Path.Combine(_sandboxes, record.ContainerId + ".json");
        string tmp = path + ".tmp";
        File.WriteAllBytes(tmp, JsonSerializer.SerializeToUtf8Bytes(record, NetworkJsonContext.Default.SandboxRecord));
        File.Move(tmp, path, overwrite: true);
    }

    public void DeleteNetwork(string id) => Delete(Path.Combine(_networks, id + ".json"));

    public void DeleteSandbox(string containerId) => File.Delete(Path.Combine(_sandboxes, containerId + ".json"));

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
