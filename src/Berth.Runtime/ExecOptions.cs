namespace Berth.Runtime;

/// <summary>Options of <see cref="LinuxRuntime.Exec"/> (runc's exec flags).</summary>
public sealed class ExecOptions
{
    public string? PidFile { get; init; }
    public string? ConsoleSocketPath { get; init; }
    public int? ConsoleSocketFd { get; init; }
    public int? Stdin { get; init; }
    public int? Stdout { get; init; }
    public int? Stderr { get; init; }
    public int PreserveFds { get; init; }
    public IReadOnlyList<int>? ExtraFds { get; init; }

    /// <summary>Return once the program runs; otherwise wait for it and return its exit status.</summary>
    public bool Detach { get; init; }
}
