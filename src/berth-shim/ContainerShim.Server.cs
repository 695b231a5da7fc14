using System.Buffers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Berth.Runtime;
using Berth.Runtime.ShimProtocol;

namespace Berth.Shim;

internal sealed partial class ContainerShim
{
    private void Listen()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_args.Socket)!);
        File.Delete(_args.Socket);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        Linux.Sockets.UnixSocketPath.With(_args.Socket, p => { _listener.Bind(new UnixDomainSocketEndPoint(p)); return 0; });
        File.SetUnixFileMode(_args.Socket, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (Linux.Fs.FsCalls.TryStatAt(null, _args.Socket, Linux.Fs.FsCalls.AT_SYMLINK_NOFOLLOW, out var st) == 0) _socketInode = st.Inode;
        _listener.Listen(64);
        _ = AcceptLoopAsync(_listener);
    }

    private async Task AcceptLoopAsync(Socket listener)
    {
        while (true)
        {
            Socket client;
            try { client = await listener.AcceptAsync(); }
            catch (Exception) { return; }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        // Counted so that the shim does not leave while a request (say, start of a container that ends at once)
        // is still being answered: the daemon would see a closed connection instead of the answer.
        Interlocked.Increment(ref _inFlight);
        using var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            var line = await ReadLineAsync(stream);
            if (line is null) return;
            var request = JsonSerializer.Deserialize(line, ShimJsonContext.Default.ShimRequest) ?? throw new InvalidDataException("empty request");
            switch (request.Op)
            {
                case "attach": await AttachAsync(stream, client, request); break;
                case "start":
                    // Under the gate: a container that ends at once must not be deleted (WaitForInit) while its
                    // start is still writing the runtime state, or the start fails after the fact.
                    lock (_runtimeGate) _runtime.Start(_args.Id);
                    await RespondAsync(stream, new ShimResponse { Ok = true, Pid = _initPid });
                    break;
                case "kill":
                    if (request.ExecId is { } killExec)
                    {
                        ExecSession? s;
                        lock (_execs) _execs.TryGetValue(killExec, out s);
                        s?.Signal(request.Signal);
                    }
                    else lock (_runtimeGate) { if (!_exited.Task.IsCompleted) _runtime.Kill(_args.Id, request.Signal, request.All); }
                    await RespondAsync(stream, new ShimResponse { Ok = true });
                    break;
                case "resize":
                    Resize(request);
                    await RespondAsync(stream, new ShimResponse { Ok = true });
                    break;
                case "wait":
                    var exit = await _exited.Task;
                    await RespondAsync(stream, new ShimResponse { Ok = true, Exit = exit });
                    break;
                case "close-stdin":
                    CloseStdin();
                    await RespondAsync(stream, new ShimResponse { Ok = true });
                    break;
                case "exec": await ExecAsync(stream, client, request); break;
                default:
                    await RespondAsync(stream, new ShimResponse { Ok = false, Error = $"unknown operation \"{request.Op}\"", ErrorKind = "invalid" });
                    break;
            }
        }
        catch (RuntimeException e)
        {
            await TryRespondAsync(stream, new ShimResponse { Ok = false, Error = e.Message, ErrorKind = "conflict" });
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            await TryRespondAsync(stream, new ShimResponse { Ok = false, Error = e.Message });
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void Resize(ShimRequest request)
    {
        if (request.Height <= 0 || request.Width <= 0) return;
        if (request.ExecId is { } id)
        {
            ExecSession? s;
            lock (_execs) _execs.TryGetValue(id, out s);
            s?.Resize((ushort)request.Height, (ushort)request.Width);
        }
        else if (_ptyMaster is not null)
        {
            Linux.Terminal.PseudoTerminal.SetWindowSize(_ptyMaster, (ushort)request.Height, (ushort)request.Width);
        }
    }

    /// <summary>Output frames to the client until the container's output ends; the client's bytes go to stdin.</summary>
    private async Task AttachAsync(NetworkStream stream, Socket client, ShimRequest request)
    {
        var sub = _hub.Subscribe(request.Stdout, request.Stderr);
        await RespondAsync(stream, new ShimResponse { Ok = true, Pid = _initPid });
        Task input = request.Stdin ? CopyStdinAsync(stream) : Task.CompletedTask;
        try
        {
            var header = new byte[ShimFrame.HeaderSize];
            await foreach (var (type, data) in sub.Reader.ReadAllAsync())
            {
                ShimFrame.WriteHeader(header, type, data.Length);
                await stream.WriteAsync(header);
                await stream.WriteAsync(data);
            }
        }
        catch (IOException) { }
        finally
        {
            _hub.Unsubscribe(sub);
            try { client.Shutdown(SocketShutdown.Send); } catch { }
        }
        if (request.Stdin && !input.IsCompleted) await Task.WhenAny(input, Task.Delay(100));
    }

    private async Task CopyStdinAsync(NetworkStream stream)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int n = await stream.ReadAsync(buffer);
                if (n <= 0) break;
                WriteStdin(buffer.AsSpan(0, n));
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException) { }
        if (_args.StdinOnce) CloseStdin();
    }

    private static async Task RespondAsync(Stream stream, ShimResponse response)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(response, ShimJsonContext.Default.ShimResponse);
        var line = new byte[bytes.Length + 1];
        bytes.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        await stream.WriteAsync(line);
    }

    private static async Task TryRespondAsync(Stream stream, ShimResponse response)
    {
        try { await RespondAsync(stream, response); } catch { }
    }

    /// <summary>Reads one '\n'-terminated line byte by byte, so nothing after it is consumed.</summary>
    internal static async Task<byte[]?> ReadLineAsync(Stream stream)
    {
        var buffer = new List<byte>(256);
        var one = new byte[1];
        while (true)
        {
            int n = await stream.ReadAsync(one);
            if (n == 0) return buffer.Count == 0 ? null : buffer.ToArray();
            if (one[0] == (byte)'\n') return buffer.ToArray();
            buffer.Add(one[0]);
            if (buffer.Count > 1 << 20) throw new InvalidDataException("request line too long");
        }
    }

    /// <summary>
    /// Removes the socket file only while it is still ours: after a quick restart the container's next shim has
    /// bound the same path, and deleting its socket would cut the daemon off from the running container.
    /// </summary>
    private void DeleteOwnSocket()
    {
        if (Linux.Fs.FsCalls.TryStatAt(null, _args.Socket, Linux.Fs.FsCalls.AT_SYMLINK_NOFOLLOW, out var st) != 0) return;
        if (_socketInode != 0 && st.Inode != _socketInode) return;
        try { File.Delete(_args.Socket); } catch (IOException) { }
    }
}
