using Berth.Cli.Client;
using Berth.Linux.Terminal;

namespace Berth.Cli.Streams;

/// <summary>
/// Pumps a hijacked connection like docker's hijackedIOStreamer: stdin → connection (then half-close), connection →
/// stdout/stderr (raw with a TTY, demultiplexed without), the local terminal in raw mode while a TTY is attached,
/// detach keys recognised on input.
/// </summary>
public sealed class HijackStreamer
{
    private readonly CliContext _cli;
    private readonly HijackedConnection _connection;
    private readonly bool _tty;
    private readonly bool _stdin, _stdout, _stderr;
    private readonly byte[] _escapeKeys;
    private TerminalMode? _rawMode;
    private readonly object _restoreGate = new();

    public HijackStreamer(CliContext cli, HijackedConnection connection, bool tty, bool stdin, bool stdout, bool stderr, string detachKeys)
    {
        _cli = cli;
        _connection = connection;
        _tty = tty;
        _stdin = stdin;
        _stdout = stdout;
        _stderr = stderr;
        _escapeKeys = DetachKeys.Default;
        if (detachKeys.Length > 0)
        {
            try
            {
                _escapeKeys = DetachKeys.ToBytes(detachKeys);
            }
            catch (CliException e)
            {
                cli.Err.WriteLine($"level=warning msg=\"invalid detach escape keys, using default: {e.Message}\"");
            }
        }
    }

    /// <summary>Restores the terminal if this streamer put it in raw mode (safe to call more than once).</summary>
    public void RestoreTerminal()
    {
        lock (_restoreGate)
        {
            if (_rawMode is null) return;
            Tty.Restore(_rawMode);
            _rawMode = null;
        }
    }

    /// <summary>Streams until output ends, or input ends and output follows, or the user detaches.</summary>
    public HijackOutcome Run()
    {
        if (_stdin && _tty && _cli.IO.StdinFd >= 0)
        {
            _rawMode = Tty.MakeRaw(_cli.IO.StdinFd);
            TerminalGuard.Register(this);
        }
        try
        {
            var done = new TaskCompletionSource<HijackOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            Thread? outputThread = null;
            if (_stdout || _stderr)
            {
                outputThread = new Thread(() =>
                {
                    Exception? error = null;
                    try
                    {
                        PumpOutput();
                    }
                    catch (Exception e)
                    {
                        error = e;
                    }
                    if (_tty) RestoreTerminal();
                    done.TrySetResult(new HijackOutcome(false, error));
                }) { IsBackground = true, Name = "hijack-output" };
                outputThread.Start();
            }
            var inputThread = new Thread(() =>
            {
                bool detached = false;
                if (_stdin)
                {
                    try
                    {
                        detached = PumpInput();
                    }
                    catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
                    {
                    }
                    RestoreTerminal();
                }
                if (detached)
                {
                    done.TrySetResult(new HijackOutcome(true, null));
                    return;
                }
                _connection.CloseWrite();
                if (!_stdout && !_stderr) done.TrySetResult(new HijackOutcome(false, null));
            }) { IsBackground = true, Name = "hijack-input" };
            inputThread.Start();
            return done.Task.GetAwaiter().GetResult();
        }
        finally
        {
            RestoreTerminal();
        }
    }

    private void PumpOutput()
    {
        _cli.Out.Flush();
        var stdout = _stdout ? _cli.IO.StdoutStream : null;
        var stderr = _stderr ? (_tty ? _cli.IO.StdoutStream : _cli.IO.StderrStream) : null;
        if (_tty || !_connection.Multiplexed && !_connection.Head.Header("Content-Type")!.Contains("multiplexed", StringComparison.Ordinal) && _tty)
        {
            var buffer = new byte[32 * 1024];
            while (true)
            {
                int n = _connection.Read(buffer);
                if (n <= 0) break;
                stdout?.Write(buffer, 0, n);
                stdout?.Flush();
            }
            return;
        }
        StdCopy.Copy(_connection.Read, stdout, stderr);
    }

    /// <summary>Copies stdin to the connection; true when the detach sequence was typed.</summary>
    private bool PumpInput()
    {
        var input = _cli.IO.StdinStream;
        var filter = _tty ? new EscapeFilter(_escapeKeys) : null;
        var buffer = new byte[32 * 1024];
        while (true)
        {
            int n = input.Read(buffer, 0, buffer.Length);
            if (n <= 0) return false;
            if (filter is null)
            {
                _connection.Write(buffer.AsSpan(0, n));
                continue;
            }
            var (forward, detach) = filter.Process(buffer.AsSpan(0, n));
            if (forward.Length > 0) _connection.Write(forward);
            if (detach) return true;
        }
    }
}
