namespace Berth.Build.Instructions;

/// <summary>HEALTHCHECK: <see cref="Test"/> is ["NONE"], ["CMD", argv…] or ["CMD-SHELL", command]; durations in nanoseconds (0: default).</summary>
public sealed class HealthcheckInstruction : Instruction
{
    public required IReadOnlyList<string> Test { get; init; }
    public long Interval { get; init; }
    public long Timeout { get; init; }
    public long StartPeriod { get; init; }
    public long StartInterval { get; init; }
    public int Retries { get; init; }
}
