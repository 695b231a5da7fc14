using Berth.Engine.Errors;
using Berth.Engine.Images;
using Berth.Images.Formats;
using Berth.Oci.Images;
using ApiConfig = Berth.Engine.Model.ContainerConfig;
using OciConfig = Berth.Oci.Images.ContainerConfig;

namespace Berth.Engine.Containers;

/// <summary>What POST /commit asks for.</summary>
public sealed class CommitRequest
{
    public string? Repo { get; init; }
    public string? Tag { get; init; }
    public string? Comment { get; init; }
    public string? Author { get; init; }
    public bool Pause { get; init; } = true;
    public IReadOnlyList<string> Changes { get; init; } = [];
    /// <summary>The request body: config fields that override the container's.</summary>
    public ApiConfig? Config { get; init; }
}

public sealed partial class ContainerService
{
    /// <summary>
    /// POST /commit: the container's changes become a layer on top of its image, with the container's config (the
    /// body's fields and --change instructions first, Docker's merge rules for the rest). A running container is
    /// paused meanwhile unless pause=false.
    /// </summary>
    public async Task<string> CommitAsync(string idOrName, CommitRequest request, CancellationToken cancel)
    {
        var c = Get(idOrName);
        if (c.Record.State.Status is "removing" or "dead") throw EngineException.Conflict($"You cannot commit container {c.Id} which is being removed");
        ImageReference? reference = null;
        if (!string.IsNullOrEmpty(request.Repo))
        {
            string full = string.IsNullOrEmpty(request.Tag) ? request.Repo : request.Repo + ":" + request.Tag;
            if (!ImageReference.TryParse(full, out reference, out var error)) throw EngineException.Invalid($"invalid reference format: {error}");
            if (reference.Digest is not null) throw EngineException.Invalid("refusing to create a tag with a digest reference");
        }
        else if (!string.IsNullOrEmpty(request.Tag)) throw EngineException.Invalid("tag is specified without a repository");

        var config = ChangeInstructions.Apply(ToOci(request.Config ?? new ApiConfig()), request.Changes);
        MergeCommitConfig(config, ToOci(c.Record.Config));
        var parent = _images.Storage.Images.Get(Digest.Parse(c.Record.ImageId))
            ?? throw EngineException.Conflict($"the image of container {c.Id} is gone");

        bool paused = false;
        if (request.Pause && c.Record.State.Status == "running")
        {
            await PauseAsync(c.Id, cancel);
            paused = true;
        }
        Berth.Images.Metadata.ImageRecord image;
        try
        {
            image = await ImageCommitter.CommitAsync(_images.Storage, c.Id, parent, new CommitOptions
            {
                Config = config,
                Author = request.Author,
                Comment = request.Comment,
                CreatedBy = string.Join(' ', c.Record.Config.Cmd ?? []),
                Reference = reference,
            }, cancel);
        }
        catch (Berth.Images.ImageException e) { throw ImageService.Translate(e); }
        finally
        {
            if (paused)
            {
                try { await UnpauseAsync(c.Id, CancellationToken.None); }
                catch (EngineException) { }
            }
        }
        string id = image.Id.ToString();
        var attrs = new Dictionary<string, string> { ["comment"] = request.Comment ?? "", ["imageID"] = id, ["imageRef"] = reference?.FamiliarString ?? "" };
        Publish(c, "commit", attrs);
        if (reference is not null)
            _engine.Events.Publish("image", "tag", id, new Dictionary<string, string> { ["name"] = reference.FamiliarString });
        return id;
    }

    private static OciConfig ToOci(ApiConfig a) => new()
    {
        Hostname = a.Hostname, Domainname = a.Domainname, User = a.User, AttachStdin = a.AttachStdin, AttachStdout = a.AttachStdout,
        AttachStderr = a.AttachStderr, Tty = a.Tty, OpenStdin = a.OpenStdin, StdinOnce = a.StdinOnce,
        ExposedPorts = a.ExposedPorts?.ToDictionary(p => p.Key, _ => new EmptyObject()),
        Env = a.Env is null ? null : new List<string>(a.Env), Cmd = a.Cmd is null ? null : new List<string>(a.Cmd),
        Entrypoint = a.Entrypoint is null ? null : new List<string>(a.Entrypoint), Image = a.Image,
        Volumes = a.Volumes?.ToDictionary(v => v.Key, _ => new EmptyObject()), WorkingDir = a.WorkingDir, OnBuild = a.OnBuild,
        Labels = a.Labels is null ? null : new Dictionary<string, string>(a.Labels), StopSignal = a.StopSignal,
        StopTimeout = a.StopTimeout is { } t ? (int)t : null, Shell = a.Shell, ArgsEscaped = a.ArgsEscaped,
        Healthcheck = a.Healthcheck is { } h ? new HealthcheckConfig
        {
            Test = h.Test, Interval = h.Interval, Timeout = h.Timeout, StartPeriod = h.StartPeriod, StartInterval = h.StartInterval,
            Retries = h.Retries is { } r ? (int)r : null,
        } : null,
    };

    /// <summary>moby's commit merge: fields the request left empty come from the container's config.</summary>
    internal static void MergeCommitConfig(OciConfig user, OciConfig container)
    {
        if (string.IsNullOrEmpty(user.User)) user.User = container.User;
        if (user.ExposedPorts is not { Count: > 0 }) user.ExposedPorts = container.ExposedPorts;
        else foreach (var p in container.ExposedPorts ?? []) user.ExposedPorts.TryAdd(p.Key, p.Value);
        if (user.Env is not { Count: > 0 }) user.Env = container.Env;
        else
        {
            foreach (var e in container.Env ?? [])
            {
                string key = e.Split('=', 2)[0];
                if (!user.Env.Any(u => u.Split('=', 2)[0] == key)) user.Env.Add(e);
            }
        }
        user.Labels ??= new();
        foreach (var (k, v) in container.Labels ?? []) user.Labels.TryAdd(k, v);
        if (user.Entrypoint is not { Count: > 0 })
        {
            if (user.Cmd is not { Count: > 0 })
            {
                user.Cmd = container.Cmd;
                user.Shell = container.Shell;
            }
            user.Entrypoint ??= container.Entrypoint;
        }
        if (container.Healthcheck is { } hc)
        {
            if (user.Healthcheck is null) user.Healthcheck = hc;
            else
            {
                if (user.Healthcheck.Test is not { Count: > 0 }) user.Healthcheck.Test = hc.Test;
                user.Healthcheck.Interval ??= hc.Interval;
                user.Healthcheck.Timeout ??= hc.Timeout;
                user.Healthcheck.StartPeriod ??= hc.StartPeriod;
                user.Healthcheck.StartInterval ??= hc.StartInterval;
                user.Healthcheck.Retries ??= hc.Retries;
            }
        }
        if (string.IsNullOrEmpty(user.WorkingDir)) user.WorkingDir = container.WorkingDir;
        if (user.Volumes is not { Count: > 0 }) user.Volumes = container.Volumes;
        else foreach (var v in container.Volumes ?? []) user.Volumes[v.Key] = v.Value;
        if (string.IsNullOrEmpty(user.StopSignal)) user.StopSignal = container.StopSignal;
        user.Hostname = container.Hostname;
        user.Domainname = container.Domainname;
        user.Image = container.Image;
        user.AttachStdin ??= container.AttachStdin;
        user.AttachStdout ??= container.AttachStdout;
        user.AttachStderr ??= container.AttachStderr;
        user.Tty ??= container.Tty;
        user.OpenStdin ??= container.OpenStdin;
        user.StdinOnce ??= container.StdinOnce;
    }
}
