using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Berth.Linux;
using Berth.Linux.Descriptors;
using Berth.Linux.Processes;
using Berth.Linux.Sockets;
using Berth.Runtime;
using Berth.Runtime.ShimProtocol;

namespace Berth.Shim;

/// <summary>
/// One container's keeper: creates it through the runtime library (so no berth-runtime exec), holds its stdio
/// (pipes or a pty), writes its json-file log, serves attach/exec/kill/resize/wait on a unix socket, and records how it
/// exited in an exit file that survives a daemon restart.
/// </summary>
internal sealed partial class ContainerShim
{
    private readonly ShimArguments _args;
    private readonly LinuxRuntime _runtime;
    private readonly OutputHub _hub = new();
    private readonly TaskCompletionSource<ShimExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _finished = new();
    private readonly Dictionary<string, ExecSession> _execs = new();
    private JsonFileLogWriter? _log;
    private SafeFd? _stdin;
    private SafeFd? _ptyMaster;
    private readonly object _stdinLock = new();
    private int _initPid;
    private int _inFlight;
    private ulong _socketInode;
    /// <summary>Orders runtime calls on this container: start and kill against the delete after its exit.</summary>
    private readonly Lock _runtimeGate = new();
    private Socket? _listener;
    private readonly List<Thread> _pumps = new();

    public ContainerShim(ShimArguments args)
    {
        _args = args;
        _runtime = new LinuxRuntime(new RuntimeOptions { Root = args.RuntimeRoot });
    }

    public int Run()
    {
        var startup = _args.StartupFd >= 0 ? new SafeFd(_args.StartupFd) : null;
        try
        {
            CreateContainer();
            Listen();
            var waiter = new Thread(WaitForInit) { IsBackground = true, Name = "wait-init" };
            waiter.Start();
            Report(startup, new ShimStartupInfo { Ok = true, ShimPid = Environment.ProcessId, InitPid = _initPid });
        }
        catch (Exception e)
        {
            Report(startup, new ShimStartupInfo { Ok = false, Error = e.Message, ShimPid = Environment.ProcessId });
            try { _runtime.Delete(_args.Id, force: true); } catch { }
            try { DeleteOwnSocket(); } catch { }
            return 1;
        }
        _finished.Wait();
        return 0;
    }

    private static void Report(SafeFd? startup, ShimStartupInfo info)
    {
        if (startup is null) return;
        try
        {
            FileDescriptors.WriteAll(startup, JsonSerializer.SerializeToUtf8Bytes(info, ShimJsonContext.Default.ShimStartupInfo));
        }
        catch (SyscallException) { }
        startup.Dispose();
    }

    private void CreateContainer()
    {
        if (_args.LogPath.Length > 0) _log = new JsonFileLogWriter(_args.LogPath, _args.LogMaxSize, _args.LogMaxFiles);
        SafeFd? consoleA = null, consoleB = null, inRead = null, outWrite = null, errWrite = null, outRead = null, errRead = null;
        try
        {
            CreateOptions options;
            if (_args.Tty)
            {
                (consoleA, consoleB) = UnixSocket.Pair();
                options = new CreateOptions { ConsoleSocketFd = consoleA.Fd };
            }
            else
            {
                SafeFd devNull = FileDescriptors.Open("/dev/null", OpenFlags.O_RDWR);
                if (_args.OpenStdin)
                {
                    (inRead, _stdin) = FileDescriptors.Pipe();
                    devNull.Dispose();
                }
                else inRead = devNull;
                (outRead, outWrite) = FileDescriptors.Pipe();
                (errRead, errWrite) = FileDescriptors.Pipe();
                options = new CreateOptions { Stdin = inRead.Fd, Stdout = outWrite.Fd, Stderr = errWrite.Fd };
            }

            var state = _runtime.Create(_args.Id, _args.Bundle, options);
            _initPid = state.Pid;

            if (_args.Tty)
            {
                var buffer = new byte[64];
                UnixSocket.ReceiveFd(consoleB!, buffer, out var master);
                _ptyMaster = master;
                _stdin = _ptyMaster;
                StartPump(_ptyMaster, ShimFrame.Stdout, isPty: true);
            }
            else
            {
                StartPump(outRead!, ShimFrame.Stdout, isPty: false);
                StartPump(errRead!, ShimFrame.Stderr, isPty: false);
                outRead = errRead = null;
            }
        }
        finally
        {
            consoleA?.Dispose();
            consoleB?.Dispose();
            inRead?.Dispose();
            outWrite?.Dispose();
            errWrite?.Dispose();
            outRead?.Dispose();
            errRead?.Dispose();
        }
    }

    private void StartPump(SafeFd fd, byte stream, bool isPty)
    {
        var t = new Thread(() => Pump(fd, stream, isPty)) { IsBackground = true, Name = "pump-" + stream };
        _pumps.Add(t);
        t.Start();
    }

    /// <summary>Copies one output stream into the log and to attached clients until EOF (EIO on a pty whose slave closed).</summary>
    private void Pump(SafeFd fd, byte stream, bool isPty)
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
                var chunk = buffer.AsSpan(0, n).ToArray();
                _log?.Write(stream, chunk);
                _hub.Publish(stream, chunk);
            }
        }
        catch (SyscallException) { }
        finally
        {
            if (!isPty) fd.Dispose();
        }
    }

    private void WaitForInit()
    {
        var status = ProcessWait.Wait(_initPid);
        // Output still in the pipes belongs before the exit: give the pumps a moment to drain.
        foreach (var t in _pumps) t.Join(TimeSpan.FromSeconds(2));
        _log?.Flush();
        var exit = new ShimExit
        {
            ExitCode = status.ShellCode,
            OomKilled = OomCheck.WasOomKilled(_args.CgroupPath),
            FinishedAt = DateTimeOffset.UtcNow,
        };
        AtomicFile.Write(_args.ExitFile, JsonSerializer.SerializeToUtf8Bytes(exit, ShimJsonContext.Default.ShimExit));
        _hub.Close();
        lock (_runtimeGate)
        {
            _exited.TrySetResult(exit);
            try { _runtime.Delete(_args.Id, force: true); } catch { }
        }
        lock (_execs) foreach (var e in _execs.Values) e.Abandon();
        // Let connected waiters read the exit, then leave.
        Thread.Sleep(200);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Volatile.Read(ref _inFlight) > 0 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        _log?.Dispose();
        try { _listener?.Dispose(); DeleteOwnSocket(); } catch { }
        _finished.Set();
    }

    private void WriteStdin(ReadOnlySpan<byte> data)
    {
        lock (_stdinLock)
        {
            if (_stdin is null || _stdin.IsClosed) return;
            try { FileDescriptors.WriteAll(_stdin, data); } catch (SyscallException) { }
        }
    }

    private void CloseStdin()
    {
        lock (_stdinLock)
        {
            if (_stdin is null || _args.Tty) return;
            _stdin.Dispose();
            _stdin = null;
        }
    }
}
