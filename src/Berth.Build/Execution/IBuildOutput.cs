namespace Berth.Build.Execution;

/// <summary>Where a build writes its progress (the daemon turns it into the JSON-message stream).</summary>
public interface IBuildOutput
{
    ValueTask WriteAsync(BuildMessage message);
}
