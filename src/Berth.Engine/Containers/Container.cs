using Berth.Engine.Shims;

namespace Berth.Engine.Containers;

/// <summary>
/// A container as the daemon holds it in memory: its persisted record plus what only lives while the daemon runs
/// (the lock that serialises lifecycle operations, the shim connection, waiters).
/// </summary>
public sealed class Container
{
    public ContainerRecord Record { get; set; }
    public SemaphoreSlim Lock { get; } = new(1, 1);
    public ShimClient? Shim { get; set; }
    /// <summary>Completed when the current run ends (renewed at each start).</summary>
    public TaskCompletionSource<ExitInfo> NextExit { get; set; } = NewExit();
    public TaskCompletionSource Removed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>Attach sessions waiting for the container to start (docker run attaches before it starts).</summary>
    public List<PendingAttach> PendingAttaches { get; } = new();
    public CancellationTokenSource? RestartDelay { get; set; }
    /// <summary>Set while stop/kill/rm act, so the exit is not taken for a crash by the restart policy.</summary>
    public bool StopRequested { get; set; }
    public int RestartBackoffMs { get; set; }
    public HashSet<string> ExecIds { get; } = new();

    public Container(ContainerRecord record) => Record = record;

    public string Id => Record.Id;
    public string Name => Record.Name;
    public bool IsRunning => Record.State.Status is "running" or "paused";

    public static TaskCompletionSource<ExitInfo> NewExit() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed record ExitInfo(int ExitCode, string? Error);

/// <summary>An attach request parked until start: the client's stream and what it asked for.</summary>
public sealed class PendingAttach
{
    public required Stream Client { get; init; }
    public required AttachOptions Options { get; init; }
    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed class AttachOptions
{
    public bool Stdin { get; init; }
    public bool Stdout { get; init; }
    public bool Stderr { get; init; }
    public bool Logs { get; init; }
    public bool Stream { get; init; } = true;
    /// <summary>Raw (tty) output rather than multiplexed frames.</summary>
    public bool Raw { get; init; }
    public byte[]? DetachKeys { get; init; }
}
