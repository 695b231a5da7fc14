using System.Globalization;
using Berth.Engine.Errors;
using Berth.Engine.Filtering;
using Berth.Engine.Model;
using Berth.Oci.Images;

namespace Berth.Engine.SystemData;

/// <summary>
/// Disk usage (GET /system/df) and the prunes (containers, images, build cache; volumes are in VolumeService).
/// docker system prune is the CLI calling these one after the other. The build cache belongs to the builder,
/// which plugs in through <see cref="BuildCacheUsage"/> and <see cref="BuildCachePrune"/>.
/// </summary>
public sealed class SystemDataService(BerthEngine engine)
{
    private int _pruning;

    /// <summary>The builder's cache records for system df (none until the builder sets this).</summary>
    public Func<CancellationToken, Task<List<BuildCache>>> BuildCacheUsage { get; set; } = _ => Task.FromResult(new List<BuildCache>());

    /// <summary>The builder's cache prune: filters (until, id, parent, type, description, inuse, shared, private), all, keep-storage.</summary>
    public Func<Filters, bool, long, CancellationToken, Task<BuildCachePruneReport>> BuildCachePrune { get; set; } =
        (_, _, _, _) => Task.FromResult(new BuildCachePruneReport());

    /// <summary>GET /system/df; <paramref name="types"/> empty means all of container, image, volume, build-cache.</summary>
    public async Task<SystemDiskUsage> DiskUsageAsync(IReadOnlyCollection<string> types, CancellationToken cancel)
    {
        foreach (var t in types)
            if (t is not ("container" or "image" or "volume" or "build-cache"))
                throw EngineException.Invalid($"unknown object type: {t}");
        bool Want(string t) => types.Count == 0 || types.Contains(t);
        var usage = new SystemDiskUsage();
        if (Want("image"))
        {
            var storage = engine.Images.Storage;
            var layers = storage.Layers.List();
            usage.LayersSize = layers.Sum(l => l.Size);
            var images = storage.Images.List();
            // Which images use each layer: a layer used by two or more is "shared" (docker system df -v).
            var users = new Dictionary<Digest, int>();
            var chains = new Dictionary<Digest, IReadOnlyList<Berth.Images.Layers.Layer>>();
            foreach (var image in images)
            {
                var chain = image.TopLayer is { } top ? storage.Layers.Chain(top) : [];
                chains[image.Id] = chain;
                foreach (var l in chain) users[l.ChainId] = users.GetValueOrDefault(l.ChainId) + 1;
            }
            var summaries = await engine.Images.ListAsync(true, Filters.Empty, withContainers: true, cancel);
            foreach (var s in summaries)
            {
                if (s.Id is null || !Digest.TryParse(s.Id, out var id) || !chains.TryGetValue(id, out var chain)) continue;
                s.SharedSize = chain.Where(l => users.GetValueOrDefault(l.ChainId) > 1).Sum(l => l.Size);
                s.VirtualSize = s.Size;
            }
            usage.Images = summaries;
        }
        if (Want("container")) usage.Containers = engine.Containers.List(all: true, limit: null, size: true, Filters.Empty);
        if (Want("volume")) usage.Volumes = engine.Volumes.Usage();
        if (Want("build-cache"))
        {
            usage.BuildCache = await BuildCacheUsage(cancel);
            usage.BuilderSize = usage.BuildCache.Sum(b => b.Size ?? 0);
        }
        return usage;
    }

    /// <summary>POST /containers/prune: stopped containers, filters until and label (label!=).</summary>
    public async Task<ContainerPruneReport> PruneContainersAsync(Filters f, CancellationToken cancel)
    {
        f.Validate("until", "label", "label!");
        var until = UntilOf(f);
        using var _ = Exclusive();
        var report = new ContainerPruneReport();
        foreach (var c in engine.Containers.All.ToList())
        {
            var r = c.Record;
            if (c.IsRunning || r.State.Status is "restarting" or "removing") continue;
            if (until is not null && r.Created >= until) continue;
            if (!f.MatchLabels("label", r.Config.Labels) || !NegatedLabels(f, r.Config.Labels)) continue;
            long size = engine.Images.SnapshotUsedBytes(c.Id);
            try { await engine.Containers.RemoveAsync(c.Id, force: false, removeVolumes: false, cancel); }
            catch (EngineException) { continue; }
            report.ContainersDeleted.Add(c.Id);
            report.SpaceReclaimed += size;
        }
        engine.Events.Publish("container", "prune", "", Reclaimed(report.SpaceReclaimed));
        return report;
    }

    /// <summary>
    /// POST /images/prune: images no container uses; only untagged ones unless dangling=false. Filters until, label,
    /// label!=, dangling. Reclaimed space is what the removed layers took.
    /// </summary>
    public async Task<ImagePruneReport> PruneImagesAsync(Filters f, CancellationToken cancel)
    {
        f.Validate("dangling", "until", "label", "label!");
        bool danglingOnly = true;
        if (f.Has("dangling"))
        {
            danglingOnly = f.Get("dangling")[^1].ToLowerInvariant() switch
            {
                "true" or "1" => true,
                "false" or "0" => false,
                var x => throw EngineException.Invalid($"invalid filter 'dangling={x}'"),
            };
        }
        var until = UntilOf(f);
        using var _ = Exclusive();
        var storage = engine.Images.Storage;
        var sizes = storage.Layers.List().ToDictionary(l => l.ChainId, l => l.Size);
        var used = engine.Containers.All.Select(c => c.Record.ImageId).ToHashSet(StringComparer.Ordinal);
        var report = new ImagePruneReport();
        var removedLayers = new HashSet<Digest>();
        foreach (var image in storage.Images.List())
        {
            cancel.ThrowIfCancellationRequested();
            string id = image.Id.ToString();
            if (used.Contains(id)) continue;
            if (until is not null && (image.Created ?? image.Added) >= until) continue;
            if (f.Has("label") || f.Has("label!"))
            {
                var labels = (await engine.Images.GetConfigAsync(image, cancel)).Config?.Labels;
                if (!f.MatchLabels("label", labels) || !NegatedLabels(f, labels)) continue;
            }
            var names = storage.Images.Names(image.Id);
            if (names.Count > 0 && danglingOnly) continue;
            var before = storage.Layers.List().Select(l => l.ChainId).ToHashSet();
            try
            {
                if (names.Count == 0) report.ImagesDeleted.AddRange(engine.Images.Remove(id, force: false, noPrune: false));
                else foreach (var n in names) report.ImagesDeleted.AddRange(engine.Images.Remove(n.ToString(), force: false, noPrune: false));
            }
            catch (EngineException) { continue; }
            var after = storage.Layers.List().Select(l => l.ChainId).ToHashSet();
            foreach (var gone in before.Where(l => !after.Contains(l))) removedLayers.Add(gone);
        }
        report.SpaceReclaimed = removedLayers.Sum(l => sizes.GetValueOrDefault(l));
        engine.Events.Publish("image", "prune", "", Reclaimed(report.SpaceReclaimed));
        return report;
    }

    /// <summary>POST /build/prune: handed to the builder's hook.</summary>
    public Task<BuildCachePruneReport> PruneBuildCacheAsync(Filters f, bool all, long keepStorage, CancellationToken cancel) =>
        BuildCachePrune(f, all, keepStorage, cancel);

    private static DateTimeOffset? UntilOf(Filters f)
    {
        var values = f.Get("until");
        if (values.Count == 0) return null;
        if (values.Count > 1) throw EngineException.Invalid("more than one until filter specified");
        return Timestamps.Parse(values[0]);
    }

    /// <summary>Prune's "label!=key" / "label!=key=value" spelled as its own filter name (label!), as moby accepts.</summary>
    private static bool NegatedLabels(Filters f, IReadOnlyDictionary<string, string>? labels)
    {
        foreach (var cond in f.Get("label!"))
        {
            int eq = cond.IndexOf('=');
            string key = eq < 0 ? cond : cond[..eq];
            string? value = eq < 0 ? null : cond[(eq + 1)..];
            bool has = labels is not null && labels.TryGetValue(key, out var actual) && (value is null || actual == value);
            if (has) return false;
        }
        return true;
    }

    private static Dictionary<string, string> Reclaimed(long bytes) => new() { ["reclaimed"] = bytes.ToString(CultureInfo.InvariantCulture) };

    private IDisposable Exclusive()
    {
        if (Interlocked.Exchange(ref _pruning, 1) != 0) throw EngineException.Conflict("a prune operation is already running");
        return new Release(this);
    }

    private sealed class Release(SystemDataService owner) : IDisposable
    {
        public void Dispose() => Interlocked.Exchange(ref owner._pruning, 0);
    }
}
