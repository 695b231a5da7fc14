namespace Berth.Build.Instructions;

/// <summary>COPY and ADD (<see cref="IsAdd"/>): sources, destination and their flags, unexpanded.</summary>
public sealed class CopyInstruction : Instruction
{
    public bool IsAdd => Keyword == "add";
    public required IReadOnlyList<string> Sources { get; init; }
    public IReadOnlyList<InlineSource> InlineSources { get; init; } = [];
    public required string Destination { get; init; }
    public string? From { get; init; }
    public string? Chown { get; init; }
    public string? Chmod { get; init; }
    public bool Link { get; init; }
    public bool Parents { get; init; }
    public IReadOnlyList<string> Excludes { get; init; } = [];
    /// <summary>ADD --checksum=sha256:… for a URL source.</summary>
    public string? Checksum { get; init; }
    /// <summary>ADD --unpack: null means the default (local archives unpacked, URLs not).</summary>
    public bool? Unpack { get; init; }
    public bool KeepGitDir { get; init; }
}
