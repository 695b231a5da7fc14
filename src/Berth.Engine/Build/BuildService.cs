using System.Globalization;
using Berth.Build;
using Berth.Build.Cache;
using Berth.Build.Context;
using Berth.Build.Execution;
using Berth.Engine.Errors;
using Berth.Engine.Filtering;
using Berth.Engine.SystemData;
using Berth.Engine.Progress;
using Berth.Images;
using Berth.Images.Archive;
using Berth.Oci.Images;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Build;

/// <summary>
/// Builds for the daemon (POST /build, POST /build/prune): unpacks the context, runs Berth.Build's builder with the
/// daemon's images and runtime, streams progress as JSON messages, tags the result. The build cache lives in
/// berth.db; intermediate images are hidden from image lists as Docker hides them.
/// </summary>
public sealed class BuildService : IDisposable
{
    private readonly BerthEngine _engine;
    private readonly ILogger _log;

    public BuildCache Cache { get; }
    public string WorkDirectory { get; }
    public string RunDirectory { get; }

    public BuildService(BerthEngine engine)
    {
        _engine = engine;
        _log = engine.Loggers.CreateLogger("build");
        WorkDirectory = Path.Combine(engine.Options.DataRoot, "build");
        RunDirectory = Path.Combine(engine.Options.ExecRoot, "build");
        Directory.CreateDirectory(WorkDirectory);
        Directory.CreateDirectory(RunDirectory);
        CleanLeftovers();
        Cache = new BuildCache(engine.Options.DatabasePath);
        engine.Images.HiddenIntermediate = id => Cache.HasChildren(id);
        // POST /build/prune and system df reach the build cache through the system data service's hooks.
        engine.SystemData.BuildCacheUsage = _ => Task.FromResult(Usage());
        engine.SystemData.BuildCachePrune = (filters, all, _, cancel) => Task.Run(() =>
        {
            DateTimeOffset? until = filters.Has("until") ? Timestamps.Parse(filters.Get("until")[0]) : null;
            var report = Prune(all, until);
            return new BuildCachePruneReport { CachesDeleted = report.CachesDeleted, SpaceReclaimed = report.SpaceReclaimed };
        }, cancel);
    }

    /// <summary>Contexts, mount points and snapshots a killed daemon left behind.</summary>
    private void CleanLeftovers()
    {
        foreach (var dir in new[] { Path.Combine(WorkDirectory, "contexts"), Path.Combine(RunDirectory, "mnt"), Path.Combine(RunDirectory, "views") })
        {
            if (!Directory.Exists(dir)) continue;
            foreach (var d in Directory.EnumerateDirectories(dir))
            {
                Berth.Linux.Fs.OverlayMount.TryUnmount(d, detach: true);
                try { FsTree.RemoveAll(d); } catch (Exception e) { _log.LogWarning("cannot remove {Dir}: {Message}", d, e.Message); }
            }
        }
        try
        {
            foreach (var s in _engine.Images.Storage.Layers.ListSnapshots().Where(s => s.Key.StartsWith("build-", StringComparison.Ordinal)))
                _engine.Images.Storage.Layers.RemoveSnapshot(s.Key);
        }
        catch (ImageException e) { _log.LogWarning("build snapshots: {Message}", e.Message); }
    }

    private static EngineException Translate(BuildException e) => new(e.Kind switch
    {
        BuildErrorKind.InvalidArgument => ErrorKind.InvalidArgument,
        BuildErrorKind.NotFound => ErrorKind.NotFound,
        BuildErrorKind.NotImplemented => ErrorKind.NotImplemented,
        BuildErrorKind.Canceled => ErrorKind.Internal,
        _ => ErrorKind.Internal,
    }, e.Message, e);

    /// <summary>POST /build: the context tar (maybe compressed) in <paramref name="body"/>, progress to <paramref name="sink"/>.</summary>
    public async Task BuildAsync(BuildOptions options, Stream body, IJsonMessageSink sink, Func<bool> started, CancellationToken cancel)
    {
        if (!string.IsNullOrEmpty(options.Remote))
            throw EngineException.NotImplemented("remote build contexts (remote=) are not supported: send the context as the request body");
        if (options.Version == "2")
            throw EngineException.NotImplemented("BuildKit (version=2) is not supported by this daemon: use the classic builder (DOCKER_BUILDKIT=0)");
        if (options.Squash) throw EngineException.Invalid("squash is only supported with experimental mode");
        var tags = new List<ImageReference>();
        foreach (var t in options.Tags)
        {
            if (string.IsNullOrEmpty(t)) continue;
            if (!ImageReference.TryParse(t, out var r, out var error)) throw EngineException.Invalid($"invalid reference format: {t}: {error}");
            if (r.Digest is not null) throw EngineException.Invalid("build tag cannot contain a digest");
            if (r.Tag is null) r = ImageReference.Parse(r.Name + ":latest");
            if (!tags.Contains(r)) tags.Add(r);
        }
        string network = string.IsNullOrEmpty(options.NetworkMode) ? "default" : options.NetworkMode!;
        if (network is "bridge") network = "default";
        if (network is not ("default" or "host" or "none"))
            throw EngineException.NotImplemented($"network mode \"{network}\" is not supported for builds: use default, host or none");

        string contextDir = Path.Combine(WorkDirectory, "contexts", Guid.NewGuid().ToString("N")[..16]);
        BuildContext context;
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            // Buffered: the tar reader asks for 512-byte headers, each an async read of the request body otherwise.
            context = await Task.Run(() =>
            {
                using var buffered = new BufferedStream(new SyncReadStream(body, cancel), 1 << 16);
                return ContextExtractor.Extract(buffered, contextDir, cancel);
            }, cancel);
        }
        catch (BuildException e) { throw Translate(e); }
        using (context)
        {
            var output = new JsonBuildOutput(sink, options.Quiet);
            var request = new BuildRequest
            {
                Context = context, Dockerfile = string.IsNullOrEmpty(options.Dockerfile) ? "Dockerfile" : options.Dockerfile,
                BuildArgs = options.BuildArgs, Labels = options.Labels, Tags = tags, Target = options.Target, NoCache = options.NoCache,
                Pull = options.Pull, Platform = options.Platform, NetworkMode = network, ExtraHosts = options.ExtraHosts, Secrets = options.Secrets,
                RemoveIntermediate = options.Remove || options.ForceRemove, Memory = options.Memory, MemorySwap = options.MemorySwap,
                CpuShares = options.CpuShares, CpuQuota = options.CpuQuota, CpuPeriod = options.CpuPeriod, CpusetCpus = options.CpusetCpus,
                CpusetMems = options.CpusetMems, ShmSize = options.ShmSize, CgroupParent = options.CgroupParent,
            };
            var runner = new BuildRunExecutor(_engine, RunDirectory);
            var host = new BuildHost(_engine, runner, options.Auth, WorkDirectory, RunDirectory);
            var builder = new Builder(host, Cache);
            BuildResult result;
            TimeSpan contextTime = default;
            try
            {
                contextTime = System.Diagnostics.Stopwatch.GetElapsedTime(t0);
                result = await builder.BuildAsync(request, output, cancel);
            }
            catch (BuildException e)
            {
                _log.LogInformation("build failed: {Message}", e.Message);
                context.Dispose(); // before the client hears of the failure: nothing of the build is left when it exits
                if (options.Quiet) await output.FlushHeldAsync();
                if (!started()) throw Translate(e);
                await sink.WriteAsync(new JsonMessage
                {
                    ErrorDetail = new ErrorDetail { Code = e.ExitCode, Message = e.Message }, Error = e.Message,
                });
                return;
            }
            catch (ImageException e)
            {
                context.Dispose();
                if (options.Quiet) await output.FlushHeldAsync();
                if (!started()) throw Berth.Engine.Images.ImageService.Translate(e);
                await sink.WriteAsync(JsonMessage.Failure(e.Message));
                return;
            }
            if (options.Quiet) await sink.WriteAsync(new JsonMessage { Stream = result.Image.Id + "\n" });
            foreach (var t in result.Tags)
                _engine.Events.Publish("image", "tag", result.Image.Id.ToString(), new Dictionary<string, string> { ["name"] = t.FamiliarString });
            _log.LogInformation("built {Image} in {Steps} steps ({Cached} cached): {Total:F1} ms, context {Context:F1} ms", result.Image.Id.Short,
                result.Steps, result.CachedSteps, System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMilliseconds, contextTime.TotalMilliseconds);
        }
    }

    /// <summary>
    /// POST /build/prune: forgets cache entries (all, or those not used since <paramref name="until"/>), removes the
    /// images builds made that nothing names or runs, and the RUN cache mounts.
    /// </summary>
    public BuildPruneReport Prune(bool all, DateTimeOffset? until)
    {
        var report = new BuildPruneReport();
        var storage = _engine.Images.Storage;
        foreach (var entry in Cache.Entries())
        {
            if (until is { } u && entry.LastUsed > u) continue;
            Cache.RemoveEntry(entry.Key);
            report.CachesDeleted.Add(entry.Key);
        }
        foreach (var (key, _, _) in Cache.LinkLayers())
        {
            Cache.RemoveLinkLayer(key);
            report.CachesDeleted.Add(key);
        }
        var sizes = new Dictionary<Digest, long>();
        foreach (var (id, _, created) in Cache.Images())
        {
            if (until is { } u && created > u) continue;
            var image = storage.Images.Get(id);
            if (image is null)
            {
                Cache.ForgetImage(id);
                continue;
            }
            if (storage.Images.Names(id).Count > 0 || _engine.Images.ContainersUsing(id.ToString()).Count > 0) continue;
            if (image.TopLayer is { } top)
                foreach (var l in storage.Layers.Chain(top)) sizes[l.ChainId] = l.Size;
            try
            {
                foreach (var removed in storage.Images.Delete(id))
                    if (sizes.TryGetValue(removed, out long size)) report.SpaceReclaimed += size;
            }
            catch (ImageException e) { _log.LogWarning("prune {Image}: {Message}", id.Short, e.Message); continue; }
            Cache.ForgetImage(id);
        }
        string mounts = Path.Combine(WorkDirectory, "cache-mounts");
        if (Directory.Exists(mounts))
        {
            foreach (var d in Directory.EnumerateDirectories(mounts))
            {
                report.SpaceReclaimed += DirectorySize(d);
                try { FsTree.RemoveAll(d); } catch (Exception e) { _log.LogWarning("prune cache mount {Dir}: {Message}", d, e.Message); }
                report.CachesDeleted.Add("cache-mount:" + Path.GetFileName(d));
            }
        }
        _engine.Events.Publish("builder", "prune", "", new Dictionary<string, string> { ["reclaimed"] = report.SpaceReclaimed.ToString(CultureInfo.InvariantCulture) });
        _ = all;
        return report;
    }

    /// <summary>The build cache as `docker system df -v` lists it (one record per cache entry).</summary>
    public List<Model.BuildCache> Usage()
    {
        var storage = _engine.Images.Storage;
        var list = new List<Model.BuildCache>();
        foreach (var e in Cache.Entries())
        {
            var image = storage.Images.Get(e.Image);
            if (image is null) continue;
            list.Add(new Model.BuildCache
            {
                ID = e.Key[..25], Type = "regular", Description = e.Description, InUse = false, Shared = storage.Images.Names(e.Image).Count > 0,
                Size = image.Layers.Count > 0 ? image.Layers[^1].Size : 0, CreatedAt = Timestamps.Format(e.Created),
                LastUsedAt = Timestamps.Format(e.LastUsed), UsageCount = 1,
            });
        }
        return list;
    }

    private static long DirectorySize(string dir)
    {
        try { return Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length); }
        catch (IOException) { return 0; }
    }

    public void Dispose() => Cache.Dispose();
}
