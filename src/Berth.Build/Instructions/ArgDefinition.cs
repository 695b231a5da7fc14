namespace Berth.Build.Instructions;

/// <summary>One <c>NAME[=default]</c> of an ARG instruction (default as written, before expansion).</summary>
public sealed record ArgDefinition(string Key, string? Value);
