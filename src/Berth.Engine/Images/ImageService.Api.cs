using System.Text.Json;
using Berth.Engine.Errors;
using Berth.Engine.Filtering;
using Berth.Engine.Model;
using Berth.Engine.Progress;
using Berth.Images;
using Berth.Images.Formats;
using Berth.Images.Metadata;
using Berth.Oci.Images;
using Berth.Registry;
using RegistryAuth = Berth.Registry.Auth.AuthConfig;

namespace Berth.Engine.Images;

public sealed partial class ImageService
{
    /// <summary>GET /images/json.</summary>
    public async Task<List<ImageSummary>> ListAsync(bool all, Filters f, bool withContainers, CancellationToken cancel)
    {
        f.Validate("dangling", "label", "before", "since", "reference", "until");
        bool? dangling = f.GetBool("dangling");
        DateTimeOffset? before = f.Has("before") ? Resolve(f.Get("before")[0]).Created : null;
        DateTimeOffset? since = f.Has("since") ? Resolve(f.Get("since")[0]).Created : null;
        DateTimeOffset? until = f.Has("until") ? Timestamps.Parse(f.Get("until")[0]) : null;
        var list = new List<ImageSummary>();
        foreach (var image in Storage.Images.List().OrderByDescending(i => i.Created ?? i.Added))
        {
            var tags = Storage.Images.RepoTags(image.Id);
            var digests = Storage.Images.RepoDigests(image.Id);
            if (!all && tags.Count == 0 && digests.Count == 0 && HiddenIntermediate(image.Id)) continue;
            if (dangling == true && tags.Count > 0) continue;
            if (dangling == false && tags.Count == 0) continue;
            ImageConfig? config = await GetConfigAsync(image, cancel);
            var created = config.Created ?? image.Created ?? image.Added;
            if (before is not null && created >= before) continue;
            if (since is not null && created <= since) continue;
            if (until is not null && created > until) continue;
            if (f.Has("reference") && !f.Get("reference").Any(p => tags.Any(t => ReferenceMatches(t, p)))) continue;
            var labels = config?.Config?.Labels ?? new();
            if (!f.MatchLabels("label", labels)) continue;
            list.Add(new ImageSummary
            {
                Id = image.Id.ToString(),
                ParentId = "",
                RepoTags = tags.ToList(),
                RepoDigests = digests.ToList(),
                Created = created.ToUnixTimeSeconds(),
                Size = image.Size,
                SharedSize = -1,
                Labels = labels,
                Containers = withContainers ? ContainersUsing(image.Id.ToString()).Count : -1,
            });
        }
        return list;
    }

    /// <summary>Docker's reference filter: a glob on the familiar name, with or without the tag.</summary>
    private static bool ReferenceMatches(string tag, string pattern)
    {
        string name = tag.Contains(':') && !tag.EndsWith(']') ? tag[..tag.LastIndexOf(':')] : tag;
        return Glob(pattern, tag) || Glob(pattern, name);
    }

    private static bool Glob(string pattern, string text)
    {
        string regex = "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", "[^/]*").Replace("\\?", "[^/]") + "$";
        return System.Text.RegularExpressions.Regex.IsMatch(text, regex);
    }

    /// <summary>GET /images/{name}/json.</summary>
    public async Task<ImageInspect> InspectAsync(string nameOrId, CancellationToken cancel)
    {
        var image = Resolve(nameOrId);
        var config = await GetConfigAsync(image, cancel);
        var c = config.Config;
        return new ImageInspect
        {
            Id = image.Id.ToString(),
            RepoTags = Storage.Images.RepoTags(image.Id).ToList(),
            RepoDigests = Storage.Images.RepoDigests(image.Id).ToList(),
            Parent = "",
            Comment = config.Comment ?? config.History?.LastOrDefault()?.Comment ?? "",
            Created = config.Created is { } t ? Timestamps.Format(t) : (image.Created is { } ic ? Timestamps.Format(ic) : null),
            DockerVersion = config.DockerVersion ?? "",
            Author = config.Author ?? "",
            Config = c is null ? new ApiImageConfig() : ToApiConfig(c),
            Architecture = config.Architecture,
            Variant = config.Variant,
            Os = config.Os,
            OsVersion = config.OsVersion,
            Size = image.Size,
            GraphDriver = new DriverData { Name = "overlay2", Data = new() },
            RootFS = new ImageInspectRootFS { Type = "layers", Layers = config.RootFs.DiffIds },
            Metadata = new ImageInspectMetadata { LastTagTime = Timestamps.Format(image.Added) },
        };
    }

    private static ApiImageConfig ToApiConfig(Berth.Oci.Images.ContainerConfig c) => new()
    {
        User = c.User ?? "",
        Env = c.Env,
        Cmd = c.Cmd,
        Entrypoint = c.Entrypoint,
        WorkingDir = c.WorkingDir ?? "",
        Labels = c.Labels,
        StopSignal = c.StopSignal,
        Volumes = c.Volumes?.ToDictionary(kv => kv.Key, _ => Model.EmptyObject.Instance),
        ExposedPorts = c.ExposedPorts?.ToDictionary(kv => kv.Key, _ => Model.EmptyObject.Instance),
        OnBuild = c.OnBuild,
        Shell = c.Shell,
        ArgsEscaped = c.ArgsEscaped,
        Healthcheck = c.Healthcheck is { } h ? new HealthConfig
        {
            Test = h.Test, Interval = h.Interval, Timeout = h.Timeout, StartPeriod = h.StartPeriod, StartInterval = h.StartInterval, Retries = h.Retries,
        } : null,
    };

    /// <summary>GET /images/{name}/history, newest first.</summary>
    public async Task<List<ImageHistoryItem>> HistoryAsync(string nameOrId, CancellationToken cancel)
    {
        var image = Resolve(nameOrId);
        var config = await GetConfigAsync(image, cancel);
        var history = config.History ?? [];
        var layerSizes = image.Layers.Select(l => l.Size).ToList();
        var items = new List<ImageHistoryItem>();
        int layer = 0;
        foreach (var h in history)
        {
            long size = 0;
            if (h.EmptyLayer != true && layer < layerSizes.Count) size = UnpackedSize(image, config, layer++);
            items.Add(new ImageHistoryItem
            {
                Id = "<missing>",
                Created = (h.Created ?? DateTimeOffset.UnixEpoch).ToUnixTimeSeconds(),
                CreatedBy = h.CreatedBy ?? "",
                Tags = null,
                Size = size,
                Comment = h.Comment ?? "",
            });
        }
        if (items.Count == 0)
            items.Add(new ImageHistoryItem { Id = "<missing>", Created = (image.Created ?? image.Added).ToUnixTimeSeconds(), CreatedBy = "", Size = image.Size, Comment = "" });
        items.Reverse();
        items[0].Id = image.Id.ToString();
        items[0].Tags = Storage.Images.RepoTags(image.Id).ToList();
        return items;
    }

    private long UnpackedSize(ImageRecord image, Berth.Oci.Images.ImageConfig config, int index)
    {
        try
        {
            var chain = Berth.Images.Layers.LayerStore.ChainIds(config.RootFs.DiffIds.Select(Digest.Parse));
            if (index < chain.Count && Storage.Layers.Get(chain[index]) is { } l) return l.Size;
        }
        catch (Exception) { }
        return image.Layers[index].Size;
    }

    /// <summary>POST /images/{name}/tag.</summary>
    public void Tag(string source, string? repo, string? tag)
    {
        var image = Resolve(source);
        if (string.IsNullOrEmpty(repo)) throw EngineException.Invalid("repository name must have at least one component");
        string full = string.IsNullOrEmpty(tag) ? repo : repo + ":" + tag;
        if (!ImageReference.TryParse(full, out var reference, out var error)) throw EngineException.Invalid(error);
        if (reference.Digest is not null) throw EngineException.Invalid("refusing to create a tag with a digest reference");
        try { Storage.Images.Tag(image.Id, reference); }
        catch (ImageException e) { throw Translate(e); }
        _engine.Events.Publish("image", "tag", image.Id.ToString(), new Dictionary<string, string> { ["name"] = reference.FamiliarString });
    }

    /// <summary>
    /// DELETE /images/{name}: Docker's rules. A name removes that name; the image goes when no tag is left (its digest
    /// references go with it). An id deletes the image and all its names, refused without force when it has several
    /// tags; an image a container uses is only untagged.
    /// </summary>
    public List<ImageDeleteResponseItem> Remove(string nameOrId, bool force, bool noPrune)
    {
        var image = Resolve(nameOrId);
        string id = image.Id.ToString();
        var result = new List<ImageDeleteResponseItem>();
        var names = Storage.Images.Names(image.Id);
        var tags = names.Where(n => n.Digest is null).ToList();
        var users = ContainersUsing(id);
        ImageReference? named = null;
        if (ImageReference.TryParse(nameOrId, out var asRef, out _))
            named = names.FirstOrDefault(n => n.ToString() == asRef.ToString());
        bool byId = named is null;

        void Untag(ImageReference n)
        {
            Storage.Images.Untag(n);
            result.Add(new ImageDeleteResponseItem { Untagged = n.FamiliarString });
            _engine.Events.Publish("image", "untag", id, new Dictionary<string, string> { ["name"] = n.FamiliarString });
        }

        if (!byId)
        {
            bool lastTag = named!.Digest is null ? tags.Count == 1 : tags.Count == 0;
            if (!lastTag || force)
            {
                Untag(named);
                if (!lastTag) return result;
            }
            else if (users.Count > 0)
            {
                throw EngineException.Conflict($"conflict: unable to remove repository reference \"{nameOrId}\" (must force) - container {users[0][..12]} is using its referenced image {image.Id.Short}");
            }
            else Untag(named);
            if (users.Count > 0) return result;
            foreach (var n in Storage.Images.Names(image.Id)) Untag(n);
        }
        else
        {
            if (tags.Count > 1 && !force)
                throw EngineException.Conflict($"conflict: unable to delete {image.Id.Short} (must be forced) - image is referenced in multiple repositories");
            if (users.Count > 0 && !force)
                throw EngineException.Conflict($"conflict: unable to delete {image.Id.Short} (cannot be forced) - image is being used by running container {users[0][..12]}");
            foreach (var n in names) Untag(n);
            if (users.Count > 0) return result;
        }
        try { Storage.Images.Delete(image.Id); }
        catch (ImageException e) { throw Translate(e); }
        result.Add(new ImageDeleteResponseItem { Deleted = id });
        _engine.Events.Publish("image", "delete", id, new Dictionary<string, string> { ["name"] = id });
        return result;
    }

    /// <summary>POST /images/create?fromImage=: pulls with Docker's progress messages.</summary>
    public async Task PullAsync(string fromImage, string? tag, string? platform, RegistryAuth? auth, IJsonMessageSink sink, CancellationToken cancel)
    {
        string name = string.IsNullOrEmpty(tag) ? fromImage : (tag.StartsWith("sha256:", StringComparison.Ordinal) ? fromImage + "@" + tag : fromImage + ":" + tag);
        if (!ImageReference.TryParse(name, out var reference, out var error)) throw EngineException.Invalid($"invalid reference format: {error}");
        Platform? plat = null;
        if (!string.IsNullOrEmpty(platform))
        {
            var p = platform.Split('/');
            plat = new Platform { Os = p[0], Architecture = p.Length > 1 ? p[1] : _engine.Host.GoArch, Variant = p.Length > 2 ? p[2] : null };
        }
        // Resolve first, so that an unknown image or tag is an ordinary 404 answer, before any progress is streamed.
        try { await Registry.ResolveAsync(reference, plat, auth, cancel); }
        catch (ImageException e) { throw Translate(e); }
        await sink.WriteAsync(new JsonMessage { Status = $"Pulling from {reference.Path}", Id = reference.Tag ?? reference.Digest?.ToString() ?? "latest" });
        var progress = new SinkProgress(sink);
        PullResult result;
        try
        {
            result = await Registry.PullAsync(reference, new PullOptions { Platform = plat, Auth = auth }, progress, cancel);
        }
        catch (ImageException e) { throw Translate(e); }
        await progress.DrainAsync();
        await sink.WriteAsync(new JsonMessage { Status = "Digest: " + result.Digest });
        await sink.WriteAsync(new JsonMessage { Status = result.UpToDate
            ? $"Status: Image is up to date for {reference.FamiliarString}"
            : $"Status: Downloaded newer image for {reference.FamiliarString}" });
        _engine.Events.Publish("image", "pull", reference.FamiliarString, new Dictionary<string, string> { ["name"] = reference.FamiliarString });
    }

    /// <summary>POST /images/{name}/push.</summary>
    public async Task PushAsync(string name, string? tag, RegistryAuth? auth, IJsonMessageSink sink, CancellationToken cancel)
    {
        string full = string.IsNullOrEmpty(tag) ? name : name + ":" + tag;
        if (!ImageReference.TryParse(full, out var reference, out var error)) throw EngineException.Invalid($"invalid reference format: {error}");
        var image = TryResolve(reference.ToString()) ?? throw EngineException.NotFound($"An image does not exist locally with the tag: {reference.FamiliarName}");
        await sink.WriteAsync(new JsonMessage { Status = $"The push refers to repository [{reference.Name}]" });
        var progress = new SinkProgress(sink);
        PushResult result;
        try { result = await Registry.PushAsync(reference, image.Id, new PushOptions { Auth = auth }, progress, cancel); }
        catch (ImageException e) { throw Translate(e); }
        await progress.DrainAsync();
        await sink.WriteAsync(new JsonMessage { Status = $"{result.Tag}: digest: {result.Digest} size: {result.Size}" });
        await sink.WriteAsync(new JsonMessage
        {
            Progress = "",
            Aux = JsonSerializer.SerializeToElement(new PushAux { Tag = result.Tag, Digest = result.Digest.ToString(), Size = result.Size }, ProgressJsonContext.Default.PushAux),
        });
        _engine.Events.Publish("image", "push", reference.FamiliarString, new Dictionary<string, string> { ["name"] = reference.FamiliarString });
    }

    /// <summary>GET /images/get: a docker save tarball of the named images.</summary>
    public async Task SaveAsync(IReadOnlyList<string> names, Stream output, CancellationToken cancel)
    {
        var items = new List<SaveItem>();
        foreach (var n in names)
        {
            var image = Resolve(n);
            var refs = new List<ImageReference>();
            if (!ImageReference.LooksLikeImageId(n) && ImageReference.TryParse(n, out var r, out _)) refs.Add(r);
            var existing = items.FindIndex(i => i.Image.Id == image.Id);
            if (existing >= 0) items[existing] = items[existing] with { Names = items[existing].Names.Concat(refs).ToList() };
            else items.Add(new SaveItem(image, refs));
        }
        try { await ImageArchive.SaveAsync(Storage, items, output, cancel); }
        catch (ImageException e) { throw Translate(e); }
        foreach (var i in items) _engine.Events.Publish("image", "save", i.Image.Id.ToString(), new Dictionary<string, string> { ["name"] = i.Image.Id.ToString() });
    }

    /// <summary>POST /images/load.</summary>
    public async Task LoadAsync(Stream input, bool quiet, IJsonMessageSink sink, CancellationToken cancel)
    {
        IReadOnlyList<LoadedImage> loaded;
        try { loaded = await ImageArchive.LoadAsync(Storage, input, null, cancel); }
        catch (ImageException e) { throw Translate(e); }
        foreach (var l in loaded)
        {
            if (l.Names.Count == 0) await sink.WriteAsync(new JsonMessage { Stream = $"Loaded image ID: {l.Image.Id}\n" });
            foreach (var n in l.Names) await sink.WriteAsync(new JsonMessage { Stream = $"Loaded image: {n.FamiliarString}\n" });
            _engine.Events.Publish("image", "load", l.Image.Id.ToString(), new Dictionary<string, string> { ["name"] = l.Image.Id.ToString() });
        }
    }

    /// <summary>POST /images/create?fromSrc=-: import a root filesystem tarball.</summary>
    public async Task ImportAsync(Stream tarball, string? repo, string? tag, string? message, IReadOnlyList<string> changes, string? platform, IJsonMessageSink sink, CancellationToken cancel)
    {
        ImageReference? reference = null;
        if (!string.IsNullOrEmpty(repo))
        {
            string full = string.IsNullOrEmpty(tag) ? repo : repo + ":" + tag;
            if (!ImageReference.TryParse(full, out reference, out var error)) throw EngineException.Invalid($"invalid reference format: {error}");
        }
        var config = ChangeInstructions.Apply(new Berth.Oci.Images.ContainerConfig(), changes);
        ImageRecord image;
        try
        {
            image = await RootfsImporter.ImportAsync(Storage, tarball, new ImportOptions
            {
                Reference = reference, Config = config, Message = message, Source = "-",
            }, cancel);
        }
        catch (ImageException e) { throw Translate(e); }
        await sink.WriteAsync(new JsonMessage { Status = image.Id.ToString() });
        _engine.Events.Publish("image", "import", image.Id.ToString(), new Dictionary<string, string> { ["name"] = image.Id.ToString() });
    }

    /// <summary>Registry progress events as JSON messages, written in order on one task.</summary>
    private sealed class SinkProgress(IJsonMessageSink sink) : IProgress<ProgressEvent>
    {
        private Task _tail = Task.CompletedTask;
        private readonly object _lock = new();

        public void Report(ProgressEvent e)
        {
            var m = new JsonMessage
            {
                Status = e.StatusText,
                Id = e.Id,
                ProgressDetail = e.Total > 0 || e.Current > 0 ? new Progress.ProgressDetail { Current = e.Current, Total = e.Total } : new Progress.ProgressDetail(),
                Progress = e.Status is ProgressStatus.Downloading or ProgressStatus.Extracting or ProgressStatus.Pushing ? ProgressBar.Render(e.Current, e.Total) : null,
            };
            lock (_lock) _tail = _tail.ContinueWith(async _ => await sink.WriteAsync(m), TaskScheduler.Default).Unwrap();
        }

        public Task DrainAsync() { lock (_lock) return _tail; }
    }
}
