namespace Berth.Runtime;

/// <summary>Options of <see cref="LinuxRuntime.Create"/> and <see cref="LinuxRuntime.Run"/> (runc's create/run flags).</summary>
public sealed class CreateOptions
{
    /// <summary>File that receives the init's host pid (written atomically).</summary>
    public string? PidFile { get; init; }

    /// <summary>Unix socket path that receives the pty master (SCM_RIGHTS) when process.terminal is true.</summary>
    public string? ConsoleSocketPath { get; init; }

    /// <summary>An already connected socket for the pty master, instead of <see cref="ConsoleSocketPath"/>; the caller keeps ownership.</summary>
    public int? ConsoleSocketFd { get; init; }

    /// <summary>Descriptors that become the container process's stdin, stdout and stderr; null inherits the caller's 0, 1, 2.</summary>
    public int? Stdin { get; init; }
    public int? Stdout { get; init; }
    public int? Stderr { get; init; }

    /// <summary>runc's --preserve-fds: the caller's descriptors 3 .. 3+N-1 are passed on at the same numbers.</summary>
    public int PreserveFds { get; init; }

    /// <summary>Descriptors passed on after the preserved ones, in order (3+PreserveFds, ...).</summary>
    public IReadOnlyList<int>? ExtraFds { get; init; }

    /// <summary>chroot (after MS_MOVE) instead of pivot_root, for ramfs roots.</summary>
    public bool NoPivot { get; init; }

    /// <summary>Do not give the container its own session keyring.</summary>
    public bool NoNewKeyring { get; init; }

    /// <summary>Run only: return once the program runs instead of waiting for it and deleting the container.</summary>
    public bool Detach { get; init; }
}
