using Berth.Engine.Errors;
using Berth.Engine.Filtering;
using Berth.Engine.Model;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>GET /containers/{id}/json.</summary>
    public ContainerInspectResponse Inspect(Container c, bool size)
    {
        var r = c.Record;
        var s = r.State;
        var snapshot = _images.SnapshotPaths(c.Id);
        var inspect = new ContainerInspectResponse
        {
            Id = r.Id,
            Created = Timestamps.Format(r.Created),
            Path = r.Path,
            Args = r.Args,
            State = new ContainerState
            {
                Status = s.Status,
                Running = s.Status is "running" or "paused" or "restarting" && s.Pid > 0 || s.Status is "running" or "paused",
                Paused = s.Status == "paused",
                Restarting = s.Status == "restarting",
                OOMKilled = s.OomKilled,
                Dead = s.Status == "dead",
                Pid = s.Pid,
                ExitCode = s.ExitCode,
                Error = s.Error,
                StartedAt = Timestamps.Format(s.StartedAt),
                FinishedAt = Timestamps.Format(s.FinishedAt),
                Health = s.Health is { } h ? new Model.Health { Status = h.Status, FailingStreak = h.FailingStreak, Log = h.Log } : null,
            },
            Image = r.ImageId,
            ResolvConfPath = r.ResolvConfPath,
            HostnamePath = r.HostnamePath,
            HostsPath = r.HostsPath,
            LogPath = r.LogPath,
            Name = "/" + r.Name,
            RestartCount = r.RestartCount,
            Driver = "overlay2",
            Platform = "linux",
            MountLabel = "",
            ProcessLabel = "",
            AppArmorProfile = "",
            ExecIDs = c.ExecIds.Count > 0 ? c.ExecIds.ToList() : null,
            HostConfig = r.HostConfig,
            GraphDriver = new DriverData
            {
                Name = "overlay2",
                Data = snapshot is null ? new() : new Dictionary<string, string>
                {
                    ["LowerDir"] = snapshot.Value.Lower,
                    ["MergedDir"] = RootfsPath(c.Id),
                    ["UpperDir"] = snapshot.Value.Upper,
                    ["WorkDir"] = snapshot.Value.Work,
                },
            },
            Mounts = MountPlanner.ToApi(r.Mounts, Volumes),
            Config = r.Config,
            NetworkSettings = Networks?.Settings(c) ?? DefaultNetworkSettings(c),
        };
        if (size)
        {
            inspect.SizeRw = _images.SnapshotUsedBytes(c.Id);
            inspect.SizeRootFs = inspect.SizeRw + _images.ImageSize(r.ImageId);
        }
        return inspect;
    }

    private static NetworkSettings DefaultNetworkSettings(Container c)
    {
        string mode = c.Record.HostConfig.NetworkMode ?? "bridge";
        string netName = mode.StartsWith("container:", StringComparison.Ordinal) ? "" : mode;
        var networks = new Dictionary<string, EndpointSettings>();
        if (netName.Length > 0)
            networks[netName] = new EndpointSettings { NetworkID = "", EndpointID = "", Gateway = "", IPAddress = "", IPPrefixLen = 0, MacAddress = "" };
        return new NetworkSettings
        {
            SandboxID = c.IsRunning ? c.Id : "",
            SandboxKey = c.IsRunning && c.Record.State.Pid > 0 ? $"/proc/{c.Record.State.Pid}/ns/net" : "",
            Ports = new(),
            Networks = networks,
        };
    }

    /// <summary>The Status column of docker ps.</summary>
    public static string StatusText(ContainerRunState s)
    {
        var now = DateTimeOffset.UtcNow;
        switch (s.Status)
        {
            case "running" or "paused":
                string up = "Up " + HumanTime.Duration(now - (s.StartedAt ?? now));
                if (s.Status == "paused") up += " (Paused)";
                else if (s.Health is { } h) up += h.Status switch { "starting" => " (health: starting)", var x => $" ({x})" };
                return up;
            case "restarting":
                return $"Restarting ({s.ExitCode}) {HumanTime.Duration(now - (s.FinishedAt ?? now))} ago";
            case "exited":
                return $"Exited ({s.ExitCode}) {HumanTime.Duration(now - (s.FinishedAt ?? now))} ago";
            case "removing": return "Removal In Progress";
            case "dead": return "Dead";
            default: return "Created";
        }
    }

    /// <summary>GET /containers/json with Docker's filters.</summary>
    public List<ContainerSummary> List(bool all, int? limit, bool size, Filters f)
    {
        f.Validate("id", "name", "label", "status", "exited", "ancestor", "before", "since", "volume", "network", "health", "is-task", "publish", "expose");
        foreach (var st in f.Get("status"))
            if (st is not ("created" or "restarting" or "running" or "removing" or "paused" or "exited" or "dead"))
                throw EngineException.Invalid($"invalid filter 'status={st}'");
        var ordered = _byId.Values.OrderByDescending(c => c.Record.Created).ToList();
        DateTimeOffset? before = f.Has("before") ? Get(f.Get("before")[0]).Record.Created : null;
        DateTimeOffset? since = f.Has("since") ? Get(f.Get("since")[0]).Record.Created : null;
        var result = new List<ContainerSummary>();
        foreach (var c in ordered)
        {
            var r = c.Record;
            bool showAll = all || f.Has("status") || f.Has("exited");
            if (!showAll && !c.IsRunning && r.State.Status != "restarting") continue;
            if (!f.Any("id", v => r.Id.StartsWith(v, StringComparison.Ordinal))) continue;
            if (!f.Any("name", v => NameMatches(r.Name, v))) continue;
            if (!f.MatchLabels("label", r.Config.Labels)) continue;
            if (!f.Any("status", v => v == r.State.Status)) continue;
            if (!f.Any("exited", v => r.State.Status == "exited" && int.TryParse(v, out int code) && code == r.State.ExitCode)) continue;
            if (!f.Any("ancestor", v => _images.IsAncestor(r.ImageId, r.Config.Image, v))) continue;
            if (before is not null && r.Created >= before) continue;
            if (since is not null && r.Created <= since) continue;
            if (!f.Any("volume", v => r.Mounts.Any(m => m.Source == v || m.Destination == v || (m.Type == "volume" && Volumes.DataPath(m.Source) == v)))) continue;
            if (!f.Any("network", v => (r.HostConfig.NetworkMode ?? "") == v || (Networks?.IsConnected(c, v) ?? false))) continue;
            if (!f.Any("health", v => (r.State.Health?.Status ?? "none") == v)) continue;
            if (f.GetBool("is-task") == true) continue;
            if (!f.Any("expose", v => (r.Config.ExposedPorts ?? new()).Keys.Any(p => p == v || p == v + "/tcp"))) continue;
            if (!f.Any("publish", v => (r.HostConfig.PortBindings ?? new()).Any(p => p.Key == v || p.Key == v + "/tcp" || (p.Value ?? []).Any(b => b.HostPort == v)))) continue;
            result.Add(Summary(c, size));
            if (limit is > 0 && result.Count >= limit) break;
        }
        return result;
    }

    /// <summary>Docker matches the name filter as a regular expression against "/name".</summary>
    private static bool NameMatches(string name, string pattern)
    {
        try { return System.Text.RegularExpressions.Regex.IsMatch("/" + name, pattern); }
        catch (ArgumentException) { return ("/" + name).Contains(pattern, StringComparison.Ordinal); }
    }

    private ContainerSummary Summary(Container c, bool size)
    {
        var r = c.Record;
        var inspectNet = Networks?.Settings(c) ?? DefaultNetworkSettings(c);
        var summary = new ContainerSummary
        {
            Id = r.Id,
            Names = ["/" + r.Name],
            Image = r.Config.Image,
            ImageID = r.ImageId,
            Command = string.Join(' ', new[] { r.Path }.Concat(r.Args)),
            Created = r.Created.ToUnixTimeSeconds(),
            Ports = Networks?.PortSummaries(c) ?? [],
            Labels = r.Config.Labels ?? new(),
            State = r.State.Status,
            Status = StatusText(r.State),
            HostConfig = new ContainerSummaryHostConfig { NetworkMode = r.HostConfig.NetworkMode },
            NetworkSettings = new ContainerSummaryNetworkSettings { Networks = inspectNet.Networks },
            Mounts = MountPlanner.ToApi(r.Mounts, Volumes),
        };
        if (size)
        {
            summary.SizeRw = _images.SnapshotUsedBytes(c.Id);
            summary.SizeRootFs = summary.SizeRw + _images.ImageSize(r.ImageId);
        }
        return summary;
    }
}
