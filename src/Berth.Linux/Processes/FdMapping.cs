namespace Berth.Linux.Processes;

/// <summary>A descriptor of the parent placed at a fixed number in a spawned child.</summary>
public readonly record struct FdMapping(int Source, int Target);
