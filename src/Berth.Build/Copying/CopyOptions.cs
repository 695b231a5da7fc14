using Berth.Build.Context;

namespace Berth.Build.Copying;

/// <summary>How copied entries are owned and moded.</summary>
public sealed class CopyOptions
{
    /// <summary>Owner for every copied entry (--chown, root by default); null keeps the source's owners (COPY --from).</summary>
    public (uint Uid, uint Gid)? Owner { get; init; } = (0, 0);
    public ChmodSpec? Chmod { get; init; }
    /// <summary>--exclude patterns, matched against paths relative to the copied directory.</summary>
    public DockerIgnore? Excludes { get; init; }
}
