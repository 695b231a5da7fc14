namespace Berth.Linux.Terminal;

/// <summary>A terminal's saved settings, restored by <see cref="Tty.Restore"/>.</summary>
public sealed class TerminalMode
{
    internal TerminalMode(int fd, byte[] saved)
    {
        Fd = fd;
        Saved = saved;
    }

    public int Fd { get; }
    internal byte[] Saved { get; }
}
