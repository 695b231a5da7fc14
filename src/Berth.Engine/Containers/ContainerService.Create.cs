using System.Security.Cryptography;
using Berth.Engine.Errors;
using Berth.Engine.Model;
using Berth.Engine.Volumes;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    public VolumeService Volumes { get; set; } = null!;
    public Networks.NetworkService? Networks { get; set; }
    public Exec.ExecService? Execs { get; set; }
    public Health.HealthMonitor? Health { get; set; }

    /// <summary>POST /containers/create. Validates everything first; on failure nothing remains.</summary>
    public async Task<(string Id, List<string> Warnings)> CreateAsync(string? name, ContainerConfig? config, HostConfig? hostConfig,
        NetworkingConfig? networking, string? platform, CancellationToken cancel)
    {
        config ??= new ContainerConfig();
        hostConfig ??= new HostConfig();
        if (string.IsNullOrEmpty(config.Image)) throw EngineException.Invalid("config.Image: image name must not be empty");
        var warnings = HostConfigValidator.Validate(hostConfig, config, _engine.Host.Cpus);

        if (name is not null)
        {
            name = name.TrimStart('/');
            if (!NameGenerator.IsValid(name)) throw EngineException.Invalid($"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }

        var image = _images.Resolve(config.Image);
        if (!string.IsNullOrEmpty(platform)) _images.CheckPlatform(image, platform);
        var imageConfig = await _images.GetConfigAsync(image, cancel);
        ImageConfigMerger.Merge(config, imageConfig.Config);

        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        if (string.IsNullOrEmpty(config.Hostname) && hostConfig.NetworkMode is not "host")
            config.Hostname = id[..12];
        var command = new List<string>();
        command.AddRange(config.Entrypoint ?? []);
        command.AddRange(config.Cmd ?? []);
        if (command.Count == 0) throw EngineException.Invalid("no command specified");
        ValidateNetworkMode(hostConfig);

        hostConfig.NetworkMode = string.IsNullOrEmpty(hostConfig.NetworkMode) || hostConfig.NetworkMode == "default" ? "bridge" : hostConfig.NetworkMode;
        networking = Networks?.PlanEndpoints(hostConfig, config, networking) ?? networking;
        hostConfig.RestartPolicy ??= new RestartPolicy { Name = "no", MaximumRetryCount = 0 };
        if (string.IsNullOrEmpty(hostConfig.RestartPolicy.Name)) hostConfig.RestartPolicy.Name = "no";
        hostConfig.LogConfig ??= new HostConfigLogConfig { Type = "json-file", Config = new() };
        if (string.IsNullOrEmpty(hostConfig.LogConfig.Type)) hostConfig.LogConfig.Type = "json-file";
        hostConfig.LogConfig.Config ??= new();

        var createdVolumes = new List<string>();
        var record = new ContainerRecord
        {
            Id = id,
            Created = DateTimeOffset.UtcNow,
            Path = command[0],
            Args = command.Skip(1).ToList(),
            Config = config,
            HostConfig = hostConfig,
            NetworkingConfig = networking,
            ImageId = image.Id.ToString(),
        };
        bool snapshotMade = false, dirMade = false, inserted = false;
        try
        {
            record.Mounts = MountPlanner.Plan(hostConfig, config, Volumes, createdVolumes, other => Get(other).Record.Mounts);
            record.AnonymousVolumes = record.Mounts.Where(m => m.Type == "volume" && m.Anonymous).Select(m => m.Source).ToList();

            string dir = ContainerDir(id);
            Directory.CreateDirectory(dir);
            dirMade = true;
            record.LogPath = hostConfig.LogConfig.Type == "none" ? "" : Path.Combine(dir, id + "-json.log");
            record.HostnamePath = Path.Combine(dir, "hostname");
            record.HostsPath = Path.Combine(dir, "hosts");
            record.ResolvConfPath = Path.Combine(dir, "resolv.conf");

            _images.PrepareSnapshot(id, image);
            snapshotMade = true;

            lock (_namesLock)
            {
                if (name is null)
                {
                    for (int i = 0; ; i++)
                    {
                        name = NameGenerator.Generate(i > 5 ? i : 0);
                        if (!_byId.Values.Any(c => c.Name == name)) break;
                    }
                }
                else if (_byId.Values.FirstOrDefault(c => c.Name == name) is { } other)
                {
                    throw EngineException.Conflict($"Conflict. The container name \"/{name}\" is already in use by container \"{other.Id}\". You have to remove (or rename) that container to be able to reuse that name.");
                }
                record.Name = name;
                _store.Insert(record);
                inserted = true;
                _byId[id] = new Container(record);
            }
        }
        catch
        {
            if (inserted) { _store.Delete(id); _byId.TryRemove(id, out _); }
            if (snapshotMade) _images.RemoveSnapshot(id);
            if (dirMade) try { Directory.Delete(ContainerDir(id), recursive: true); } catch { }
            foreach (var v in createdVolumes) try { Volumes.Remove(v, force: true, []); } catch { }
            throw;
        }
        Publish(_byId[id], "create");
        return (id, warnings);
    }

    private void ValidateNetworkMode(HostConfig hc)
    {
        string mode = hc.NetworkMode ?? "";
        if (mode.StartsWith("container:", StringComparison.Ordinal))
        {
            string other = mode["container:".Length..];
            if (other.Length == 0) throw EngineException.Invalid("invalid network mode: container: needs a container name or id");
            Get(other);
            if (!string.IsNullOrEmpty(hc.Dns?.FirstOrDefault()) || hc.ExtraHosts?.Count > 0)
                throw EngineException.Conflict("conflicting options: dns and the network mode");
        }
        // A user-defined network need not exist yet (Docker 28 checks at start: a 404 here would make the CLI pull).
    }
}
