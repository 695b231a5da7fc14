using Berth.Images;
using Berth.Images.Metadata;

namespace Berth.Build.Execution;

/// <summary>What the builder needs from the daemon: the image store, base images (local or pulled), a runtime.</summary>
public interface IBuildHost
{
    ImageStorage Storage { get; }
    IRunExecutor Runner { get; }
    /// <summary>The builder's own directory (mount points, cache mounts, temporary files): &lt;data-root&gt;/build.</summary>
    string WorkDirectory { get; }
    /// <summary>Transient state (step mount points, secrets): &lt;exec-root&gt;/build, on tmpfs where the exec root is.</summary>
    string RunDirectory { get; }

    /// <summary>
    /// The image <paramref name="reference"/> names, pulling it when it is not here or when <paramref name="pull"/>
    /// is set; pull progress goes to <paramref name="output"/>.
    /// </summary>
    Task<ImageRecord> ResolveImageAsync(string reference, string? platform, bool pull, IBuildOutput output, CancellationToken cancellationToken);
}
