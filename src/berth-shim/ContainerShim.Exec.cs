using System.Net.Sockets;
using System.Text.Json;
using Berth.Linux;
using Berth.Linux.Descriptors;
using Berth.Linux.Processes;
using Berth.Linux.Sockets;
using Berth.Runtime;
using Berth.Runtime.ShimProtocol;

namespace Berth.Shim;

internal sealed partial class ContainerShim
{
    /// <summary>
    /// Runs a process in the container and streams it on this connection: output frames, then one Exit frame.
    /// The exec's output is not logged (as in Docker). The connection stays open until the process ends, also when
    /// the client detached, so the daemon learns the exit code.
    /// </summary>
    private async Task ExecAsync(NetworkStream stream, Socket client, ShimRequest request)
    {
        if (request.Process is null || request.ExecId is null) throw new InvalidDataException("exec needs a process and an id");
        if (_exited.Task.IsCompleted) throw RuntimeException.Precondition($"container {_args.Id} is not running");
        var session = new ExecSession(request.ExecId, request.Process.Terminal);
        lock (_execs) _execs[request.ExecId] = session;
        try
        {
            session.Start(_runtime, _args.Id, request.Process, request.Stdin && !request.Detach);
        }
        catch
        {
            lock (_execs) _execs.Remove(request.ExecId);
            session.Dispose();
            throw;
        }
        await RespondAsync(stream, new ShimResponse { Ok = true, Pid = session.Pid });
        Task input = request.Stdin && !request.Detach ? session.CopyStdinAsync(stream) : Task.CompletedTask;
        try
        {
            var header = new byte[ShimFrame.HeaderSize];
            await foreach (var (type, data) in session.Output.ReadAllAsync())
            {
                if (request.Detach) continue;
                ShimFrame.WriteHeader(header, type, data.Length);
                await stream.WriteAsync(header);
                await stream.WriteAsync(data);
            }
            var exit = await session.Exited;
            var payload = JsonSerializer.SerializeToUtf8Bytes(exit, ShimJsonContext.Default.ShimExit);
            ShimFrame.WriteHeader(header, ShimFrame.Exit, payload.Length);
            await stream.WriteAsync(header);
            await stream.WriteAsync(payload);
            try { client.Shutdown(SocketShutdown.Send); } catch { }
        }
        finally
        {
            lock (_execs) _execs.Remove(request.ExecId);
            session.Dispose();
        }
    }
}

/// <summary>One exec'd process: its stdio (pipes or pty), output queue and exit.</summary>
internal sealed class ExecSession : IDisposable
{
    private readonly System.Threading.Channels.Channel<(byte, byte[])> _output =
        System.Threading.Channels.Channel.CreateUnbounded<(byte, byte[])>(new() { SingleReader = true });
    private readonly TaskCompletionSource<ShimExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _tty;
    private SafeFd? _stdin, _pty;
    private readonly List<Thread> _pumps = new();

    public string Id { get; }
    public int Pid { get; private set; }
    public System.Threading.Channels.ChannelReader<(byte Stream, byte[] Data)> Output => _output.Reader;
    public Task<ShimExit> Exited => _exited.Task;

    public ExecSession(string id, bool tty)
    {
        Id = id;
        _tty = tty;
    }

    public void Start(LinuxRuntime runtime, string containerId, Oci.Runtime.RuntimeProcess process, bool withStdin)
    {
        SafeFd? consoleA = null, consoleB = null, inRead = null, outWrite = null, errWrite = null, outRead = null, errRead = null;
        try
        {
            ExecOptions options;
            if (_tty)
            {
                (consoleA, consoleB) = UnixSocket.Pair();
                options = new ExecOptions { Detach = true, ConsoleSocketFd = consoleA.Fd };
            }
            else
            {
                if (withStdin) (inRead, _stdin) = FileDescriptors.Pipe();
                else inRead = FileDescriptors.Open("/dev/null", OpenFlags.O_RDONLY);
                (outRead, outWrite) = FileDescriptors.Pipe();
                (errRead, errWrite) = FileDescriptors.Pipe();
                options = new ExecOptions { Detach = true, Stdin = inRead.Fd, Stdout = outWrite.Fd, Stderr = errWrite.Fd };
            }
            Pid = runtime.Exec(containerId, process, options).Pid;
            if (_tty)
            {
                UnixSocket.ReceiveFd(consoleB!, new byte[64], out var master);
                _pty = master;
                if (withStdin) _stdin = _pty;
                StartPump(_pty, ShimFrame.Stdout, isPty: true);
            }
            else
            {
                StartPump(outRead!, ShimFrame.Stdout, isPty: false);
                StartPump(errRead!, ShimFrame.Stderr, isPty: false);
                outRead = errRead = null;
            }
            var waiter = new Thread(Wait) { IsBackground = true, Name = "wait-exec" };
            waiter.Start();
        }
        finally
        {
            consoleA?.Dispose(); consoleB?.Dispose(); inRead?.Dispose(); outWrite?.Dispose(); errWrite?.Dispose();
            outRead?.Dispose(); errRead?.Dispose();
        }
    }

    private void StartPump(SafeFd fd, byte stream, bool isPty)
    {
        var t = new Thread(() =>
        {
            var buffer = new byte[32 * 1024];
            try
            {
                while (true)
                {
                    int n;
                    try { n = FileDescriptors.Read(fd, buffer); }
                    catch (SyscallException e) when (isPty && e.Errno == Errnos.EIO) { break; }
                    if (n <= 0) break;
                    _output.Writer.TryWrite((stream, buffer.AsSpan(0, n).ToArray()));
                }
            }
            catch (SyscallException) { }
            finally { if (!isPty) fd.Dispose(); }
        }) { IsBackground = true, Name = "exec-pump" };
        _pumps.Add(t);
        t.Start();
    }

    private void Wait()
    {
        var status = ProcessWait.Wait(Pid);
        foreach (var t in _pumps) t.Join(TimeSpan.FromSeconds(2));
        _output.Writer.TryComplete();
        _exited.TrySetResult(new ShimExit { ExitCode = status.ShellCode, FinishedAt = DateTimeOffset.UtcNow });
    }

    public async Task CopyStdinAsync(Stream stream)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int n = await stream.ReadAsync(buffer);
                if (n <= 0) break;
                var s = _stdin;
                if (s is null || s.IsClosed) break;
                try { FileDescriptors.WriteAll(s, buffer.AsSpan(0, n)); } catch (SyscallException) { break; }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException) { }
        if (!_tty) { _stdin?.Dispose(); _stdin = null; }
    }

    public void Resize(ushort rows, ushort cols)
    {
        if (_pty is not null) Linux.Terminal.PseudoTerminal.SetWindowSize(_pty, rows, cols);
    }

    public void Signal(int signal)
    {
        if (Pid > 0) ProcessWait.Signal(Pid, signal);
    }

    /// <summary>The container ended: an exec still waiting for output gets its end.</summary>
    public void Abandon() => _output.Writer.TryComplete();

    public void Dispose()
    {
        if (!_tty) _stdin?.Dispose();
        _pty?.Dispose();
    }
}
