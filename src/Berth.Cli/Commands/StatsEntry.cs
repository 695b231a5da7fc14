namespace Berth.Cli.Commands;

/// <summary>One container's latest resource figures for `berth stats` (docker's StatsEntry).</summary>
public sealed class StatsEntry
{
    public required string Container { get; init; }
    public string Name { get; set; } = "";
    public string Id { get; set; } = "";
    public double CpuPercentage { get; set; }
    public double Memory { get; set; }
    public double MemoryLimit { get; set; }
    public double MemoryPercentage { get; set; }
    public double NetworkRx { get; set; }
    public double NetworkTx { get; set; }
    public double BlockRead { get; set; }
    public double BlockWrite { get; set; }
    public ulong PidsCurrent { get; set; }
    public bool IsInvalid { get; set; }
    public string? Error { get; set; }
    public bool HasFirst { get; set; }
}
