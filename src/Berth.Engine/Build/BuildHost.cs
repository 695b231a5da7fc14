using Berth.Build;
using Berth.Build.Execution;
using Berth.Engine.Errors;
using Berth.Images;
using Berth.Images.Metadata;
using Berth.Oci.Images;
using Berth.Registry.Auth;

namespace Berth.Engine.Build;

/// <summary>The daemon as one build sees it: its image store, base images (pulled with the build's credentials), its runtime.</summary>
internal sealed class BuildHost(BerthEngine engine, IRunExecutor runner, IReadOnlyDictionary<string, AuthConfig> auth, string workDirectory, string runDirectory) : IBuildHost
{
    public ImageStorage Storage => engine.Images.Storage;
    public IRunExecutor Runner => runner;
    public string WorkDirectory => workDirectory;
    public string RunDirectory => runDirectory;

    public async Task<ImageRecord> ResolveImageAsync(string reference, string? platform, bool pull, IBuildOutput output, CancellationToken cancellationToken)
    {
        if (!pull && engine.Images.TryResolve(reference) is { } local)
        {
            if (platform is not null)
            {
                var p = platform.Split('/');
                if (p[0] != local.Os || (p.Length > 1 && p[1] != local.Architecture))
                    throw BuildException.NotFound($"image {reference} is for {local.Os}/{local.Architecture}, not {platform}");
            }
            return local;
        }
        if (!ImageReference.TryParse(reference, out var parsed, out var error))
            throw BuildException.Invalid($"invalid reference format: {reference}: {error}");
        if (parsed.Digest is null && ImageReference.LooksLikeImageId(reference) && !pull)
            throw BuildException.NotFound($"no such image: {reference}");
        AuthConfig? credentials = null;
        foreach (var (registry, config) in auth)
        {
            string host = registry.Replace("https://", "").Replace("http://", "").TrimEnd('/');
            if (host.EndsWith("/v1", StringComparison.Ordinal)) host = host[..^3];
            if (host == parsed.Domain || (parsed.Domain == "docker.io" && host.Contains("docker.io", StringComparison.Ordinal))) credentials = config;
        }
        try
        {
            await engine.Images.PullAsync(parsed.Name, parsed.Digest?.ToString() ?? parsed.Tag, platform, credentials, new SinkToBuildOutput(output), cancellationToken);
        }
        catch (EngineException e)
        {
            throw new BuildException(e.Kind == ErrorKind.NotFound ? BuildErrorKind.NotFound : BuildErrorKind.StepFailed,
                $"failed to get image {reference}: {e.Message}");
        }
        return engine.Images.TryResolve(parsed.ToString()) ?? throw BuildException.NotFound($"no such image: {reference}");
    }
}
