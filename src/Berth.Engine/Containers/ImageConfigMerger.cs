using Berth.Engine.Model;
using OciConfig = Berth.Oci.Images.ContainerConfig;

namespace Berth.Engine.Containers;

/// <summary>
/// Fills a container's Config from its image's, as Docker does at create: env merged by key, Cmd taken from the image
/// only when the user set neither Cmd nor Entrypoint, labels/ports/volumes unioned, the rest defaulted.
/// </summary>
public static class ImageConfigMerger
{
    public static void Merge(ContainerConfig c, OciConfig? image)
    {
        if (image is null) return;
        if (string.IsNullOrEmpty(c.User)) c.User = image.User;
        if (string.IsNullOrEmpty(c.WorkingDir)) c.WorkingDir = image.WorkingDir;
        if (string.IsNullOrEmpty(c.StopSignal)) c.StopSignal = image.StopSignal;
        if (c.StopTimeout is null && image.StopTimeout is not null) c.StopTimeout = image.StopTimeout;

        var env = new List<string>(image.Env ?? []);
        foreach (var e in c.Env ?? [])
        {
            string key = e.Split('=', 2)[0];
            env.RemoveAll(x => x.Split('=', 2)[0] == key);
            env.Add(e);
        }
        c.Env = env;

        // moby's merge: with no entrypoint of the user's, an empty Cmd takes the image's, a null Entrypoint too.
        if (c.Entrypoint is not { Count: > 0 })
        {
            if (c.Cmd is not { Count: > 0 }) c.Cmd = image.Cmd is { Count: > 0 } ? [.. image.Cmd] : null;
            if (c.Entrypoint is null) c.Entrypoint = image.Entrypoint is { Count: > 0 } ? [.. image.Entrypoint] : null;
        }
        // `--entrypoint ""` arrives as [""]: the image's entrypoint is cleared (and its Cmd was not taken).
        if (c.Entrypoint is [""]) c.Entrypoint = null;
        if (c.Entrypoint is { Count: 0 }) c.Entrypoint = null;

        if (image.ExposedPorts is not null)
        {
            c.ExposedPorts ??= new();
            foreach (var p in image.ExposedPorts.Keys) c.ExposedPorts.TryAdd(p, EmptyObject.Instance);
        }
        if (image.Volumes is not null)
        {
            c.Volumes ??= new();
            foreach (var v in image.Volumes.Keys) c.Volumes.TryAdd(v, EmptyObject.Instance);
        }
        if (image.Labels is not null)
        {
            var labels = new Dictionary<string, string>(image.Labels);
            foreach (var (k, v) in c.Labels ?? []) labels[k] = v;
            c.Labels = labels;
        }
        if (image.Healthcheck is { } h)
        {
            // Docker's merge: --health-* flags override field by field; what they leave unset comes from the image.
            var hc = c.Healthcheck ??= new HealthConfig();
            if (hc.Test is not { Count: > 0 }) hc.Test = h.Test;
            if (hc.Interval is null or 0) hc.Interval = h.Interval;
            if (hc.Timeout is null or 0) hc.Timeout = h.Timeout;
            if (hc.StartPeriod is null or 0) hc.StartPeriod = h.StartPeriod;
            if (hc.StartInterval is null or 0) hc.StartInterval = h.StartInterval;
            if (hc.Retries is null or 0) hc.Retries = h.Retries;
        }
        if (c.OnBuild is null && image.OnBuild is not null) c.OnBuild = image.OnBuild;
        if (c.Shell is null && image.Shell is not null) c.Shell = image.Shell;
    }
}
