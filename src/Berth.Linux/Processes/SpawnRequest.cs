namespace Berth.Linux.Processes;

/// <summary>What <see cref="ProcessSpawner.Spawn"/> starts.</summary>
public sealed class SpawnRequest
{
    /// <summary>The executable; not searched in PATH.</summary>
    public required string Path { get; init; }

    /// <summary>argv, including argv[0].</summary>
    public required IReadOnlyList<string> Args { get; init; }

    /// <summary>The environment; null passes the caller's own.</summary>
    public IReadOnlyList<string>? Env { get; init; }

    /// <summary>
    /// Descriptors placed in the child. Every descriptor numbered above the highest target is closed in the
    /// child; lower numbers not listed are inherited when they are not close-on-exec.
    /// </summary>
    public IReadOnlyList<FdMapping> Fds { get; init; } = [];

    /// <summary>Highest-numbered descriptor the child keeps; -1 means the highest target (at least 2).</summary>
    public int KeepFdsUpTo { get; init; } = -1;

    /// <summary>setsid() in the child.</summary>
    public bool NewSession { get; init; }
}
