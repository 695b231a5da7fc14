namespace Berth.Build.Instructions;

/// <summary>One <c>RUN --mount=…</c>, its values expanded (reference "RUN --mount").</summary>
public sealed class RunMount
{
    public string Type { get; set; } = "bind";
    public string? From { get; set; }
    public string? Source { get; set; }
    public string? Target { get; set; }
    public bool ReadOnly { get; set; }
    public long SizeLimit { get; set; }
    public string? Id { get; set; }
    public string? Sharing { get; set; }
    public bool Required { get; set; }
    public string? Env { get; set; }
    public uint? Mode { get; set; }
    public uint? Uid { get; set; }
    public uint? Gid { get; set; }

    /// <summary>A stable text of the mount for the cache key (secret values never enter it).</summary>
    public string CacheText() =>
        $"type={Type};from={From};source={Source};target={Target};ro={ReadOnly};size={SizeLimit};id={Id};sharing={Sharing};required={Required};env={Env};mode={Mode};uid={Uid};gid={Gid}";
}
