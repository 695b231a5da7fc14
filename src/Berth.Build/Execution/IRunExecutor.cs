namespace Berth.Build.Execution;

/// <summary>Runs a RUN step's command in a container (the daemon builds the OCI config and calls its runtime).</summary>
public interface IRunExecutor
{
    /// <summary>Runs to completion and returns the exit status (128+N for signal N). Cancellation kills the container.</summary>
    Task<int> RunAsync(RunRequest request, CancellationToken cancellationToken);
}
