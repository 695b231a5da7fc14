namespace Berth.Linux.Processes;

/// <summary>A wait status decoded: the exit code, or the signal that ended the process.</summary>
public readonly record struct ExitStatus(int Code, int Signal)
{
    public static ExitStatus FromWaitStatus(int status) =>
        (status & 0x7f) == 0 ? new ExitStatus((status >> 8) & 0xff, 0) : new ExitStatus(0, status & 0x7f);

    public bool Signaled => Signal != 0;

    /// <summary>The shell convention: the exit code, or 128 + the signal number.</summary>
    public int ShellCode => Signaled ? 128 + Signal : Code;
}
