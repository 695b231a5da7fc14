using Berth.Linux;
using Berth.Linux.Sockets;
using Berth.Linux.Terminal;

namespace Berth.Runtime.Tty;

/// <summary>
/// For a foreground run/exec with process.terminal and no console socket (runc's behaviour): this process
/// receives the pty master itself and relays its own stdin/stdout to it, its terminal in raw mode meanwhile.
/// </summary>
internal sealed class ConsoleRelay : IDisposable
{
    private readonly SafeFd _runtimeEnd;
    private SafeFd? _initEnd;
    private SafeFd? _master;
    private RawMode? _raw;
    private Thread? _output;

    private ConsoleRelay(SafeFd runtimeEnd, SafeFd initEnd)
    {
        _runtimeEnd = runtimeEnd;
        _initEnd = initEnd;
    }

    public static ConsoleRelay Create()
    {
        var (a, b) = UnixSocket.Pair();
        return new ConsoleRelay(a, b);
    }

    /// <summary>The socket end the init sends the master on (the caller passes it on and disposes it).</summary>
    public SafeFd TakeInitEnd()
    {
        var fd = _initEnd ?? throw new InvalidOperationException("console socket already taken");
        _initEnd = null;
        return fd;
    }

    public void ReceiveMaster()
    {
        Span<byte> buf = stackalloc byte[256];
        UnixSocket.ReceiveFd(_runtimeEnd, buf, out var master);
        if (master.IsInvalid) throw new RuntimeException(RuntimeErrorKind.Internal, "console: no pty master received");
        _master = master;
    }

    /// <summary>Starts relaying: raw mode, window size, stdin → master and master → stdout.</summary>
    public void Start()
    {
        var master = _master ?? throw new InvalidOperationException("no pty master");
        Resize();
        _raw = RawMode.Enter(0);
        var input = new Thread(() => Copy(0, master.Fd)) { IsBackground = true, Name = "console-in" };
        _output = new Thread(() => Copy(master.Fd, 1)) { IsBackground = true, Name = "console-out" };
        input.Start();
        _output.Start();
    }

    /// <summary>Copies the terminal's window size to the pty.</summary>
    public void Resize()
    {
        if (_master is null) return;
        if (PseudoTerminal.GetWindowSize(0) is { } size) PseudoTerminal.SetWindowSize(_master, size.Rows, size.Cols);
    }

    /// <summary>After the program exited: the output drained, the terminal restored.</summary>
    public void Finish()
    {
        _output?.Join(TimeSpan.FromSeconds(2));
        _raw?.Dispose();
        _raw = null;
    }

    private static void Copy(int from, int to)
    {
        var buffer = new byte[16384];
        using var src = new SafeFd(from, ownsHandle: false);
        using var dst = new SafeFd(to, ownsHandle: false);
        try
        {
            while (true)
            {
                int n = FileDescriptors.Read(src, buffer);
                if (n <= 0) return;
                FileDescriptors.WriteAll(dst, buffer.AsSpan(0, n));
            }
        }
        catch (SyscallException) { }
    }

    public void Dispose()
    {
        _raw?.Dispose();
        _runtimeEnd.Dispose();
        _initEnd?.Dispose();
        _master?.Dispose();
    }
}
