namespace Berth.Build.Execution;

/// <summary>A mount a RUN step's container gets besides the defaults: a bind of a host path, or a tmpfs.</summary>
public sealed record RunMountSpec(string Type, string? Source, string Destination, bool ReadOnly, IReadOnlyList<string> Options);
