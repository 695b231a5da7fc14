using Berth.Linux.Interop;

namespace Berth.Linux.Processes;

/// <summary>
/// The fields of /proc/&lt;pid&gt;/stat that identify a process over time: its state letter and its start time (clock
/// ticks since boot), which together guard against a pid reused by another process.
/// </summary>
public readonly record struct ProcStat(char State, ulong StartTime)
{
    public bool IsZombieOrDead => State is 'Z' or 'X' or 'x';

    /// <summary>Reads /proc/&lt;pid&gt;/stat; null when the process does not exist.</summary>
    public static unsafe ProcStat? TryRead(int pid)
    {
        if (pid <= 0) return null;
        int fd = Libc.open($"/proc/{pid}/stat", Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return null;
        Span<byte> buf = stackalloc byte[1024];
        int n;
        try
        {
            fixed (byte* p = buf) n = (int)Libc.read(fd, p, buf.Length);
        }
        finally { Libc.close(fd); }
        if (n <= 0) return null;
        return Parse(buf[..n]);
    }

    /// <summary>Parses the text of a stat file ("pid (comm) S ppid ... starttime ...").</summary>
    public static ProcStat? Parse(ReadOnlySpan<byte> text)
    {
        int close = text.LastIndexOf((byte)')');
        if (close < 0 || close + 2 >= text.Length) return null;
        var rest = text[(close + 2)..];
        char state = (char)rest[0];
        // starttime is field 22; rest starts at field 3.
        int field = 3;
        int i = 0;
        while (i < rest.Length && field < 22)
        {
            if (rest[i] == (byte)' ') field++;
            i++;
        }
        ulong start = 0;
        while (i < rest.Length && rest[i] >= (byte)'0' && rest[i] <= (byte)'9') start = start * 10 + (ulong)(rest[i++] - '0');
        return new ProcStat(state, start);
    }
}
