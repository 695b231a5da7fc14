using System.Net.Sockets;
using Berth.Engine.Errors;
using Berth.Runtime.ShimProtocol;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Docker's default detach sequence, ctrl-p ctrl-q.</summary>
    public static readonly byte[] DefaultDetachKeys = [0x10, 0x11];

    /// <summary>
    /// Serves an attach on an already hijacked client stream until the container's output ends, the client goes
    /// away or types the detach keys. Before the container runs, the attach is parked and joined at start.
    /// </summary>
    public async Task AttachAsync(Container c, Stream client, AttachOptions options, CancellationToken cancel)
    {
        if (options.Logs) await WriteLogsAsync(c, client, new LogOptions { Stdout = options.Stdout, Stderr = options.Stderr, Raw = options.Raw }, cancel);
        if (!options.Stream) return;
        Publish(c, "attach");
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        PendingAttach? pending = null;
        await c.Lock.WaitAsync(cancel);
        try
        {
            if (c.Shim is not null && c.IsRunning) _ = BridgeAttachAsync(c, client, options, done, await OpenAttachAsync(c.Shim, options));
            else
            {
                pending = new PendingAttach { Client = client, Options = options };
                c.PendingAttaches.Add(pending);
            }
        }
        finally { c.Lock.Release(); }
        var finished = pending?.Done ?? done;
        using (cancel.Register(() => finished.TrySetResult()))
            await finished.Task;
        if (pending is not null)
        {
            await c.Lock.WaitAsync(CancellationToken.None);
            c.PendingAttaches.Remove(pending);
            c.Lock.Release();
        }
    }

    /// <summary>Subscribes to the shim's output (before the container starts, so nothing is missed).</summary>
    private static async Task<(NetworkStream Stream, Socket Socket)> OpenAttachAsync(Shims.ShimClient shim, AttachOptions options)
    {
        var (stream, socket, _) = await shim.OpenAsync(new ShimRequest
        {
            Op = "attach", Stdin = options.Stdin, Stdout = options.Stdout, Stderr = options.Stderr,
        });
        return (stream, socket);
    }

    /// <summary>Joins a client to an open shim attach stream: output frames to the client, client bytes to stdin.</summary>
    private static async Task BridgeAttachAsync(Container c, Stream client, AttachOptions options, TaskCompletionSource done,
        (NetworkStream Stream, Socket Socket) shim)
    {
        try
        {
            var detached = new CancellationTokenSource();
            Task input = options.Stdin ? CopyStdinAsync(client, shim.Stream, shim.Socket, options.DetachKeys ?? DefaultDetachKeys, detached) : Task.CompletedTask;
            Task output = CopyOutputAsync(shim.Stream, client, options.Raw, detached.Token);
            await Task.WhenAny(output, detached.Token.WhenCanceled());
        }
        catch (Exception) { }
        finally
        {
            await shim.Stream.DisposeAsync();
            done.TrySetResult();
        }
    }

    private static async Task CopyOutputAsync(Stream shim, Stream client, bool raw, CancellationToken cancel)
    {
        var header = new byte[ShimFrame.HeaderSize];
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                await shim.ReadExactlyAsync(header, cancel);
                var (type, length) = ShimFrame.ReadHeader(header);
                if (length > buffer.Length) buffer = new byte[length];
                await shim.ReadExactlyAsync(buffer.AsMemory(0, length), cancel);
                if (type is not (ShimFrame.Stdout or ShimFrame.Stderr)) continue;
                if (!raw) await client.WriteAsync(header, cancel);
                await client.WriteAsync(buffer.AsMemory(0, length), cancel);
                await client.FlushAsync(cancel);
            }
        }
        catch (EndOfStreamException) { }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException) { }
    }

    /// <summary>Client stdin to the shim, watching for the detach keys; EOF is passed on as a half-close.</summary>
    private static async Task CopyStdinAsync(Stream client, Stream shim, Socket shimSocket, byte[] detachKeys, CancellationTokenSource detached)
    {
        var buffer = new byte[16 * 1024];
        int matched = 0;
        try
        {
            while (true)
            {
                int n = await client.ReadAsync(buffer);
                if (n <= 0) break;
                var output = new List<byte>(n + matched);
                for (int i = 0; i < n; i++)
                {
                    byte b = buffer[i];
                    if (detachKeys.Length > 0 && b == detachKeys[matched])
                    {
                        matched++;
                        if (matched == detachKeys.Length)
                        {
                            if (output.Count > 0) await shim.WriteAsync(output.ToArray());
                            detached.Cancel();
                            return;
                        }
                        continue;
                    }
                    if (matched > 0) { output.AddRange(detachKeys.AsSpan(0, matched).ToArray()); matched = 0; }
                    output.Add(b);
                }
                if (output.Count > 0) await shim.WriteAsync(output.ToArray());
            }
            try { shimSocket.Shutdown(SocketShutdown.Send); } catch { }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or OperationCanceledException) { }
    }

    /// <summary>"ctrl-p,ctrl-q", "ctrl-a,x", "" (disabled) → bytes.</summary>
    public static byte[] ParseDetachKeys(string? text)
    {
        if (text is null) return DefaultDetachKeys;
        if (text.Length == 0) return [];
        var keys = new List<byte>();
        foreach (var part in text.Split(','))
        {
            string p = part.Trim();
            if (p.Length == 1) { keys.Add((byte)p[0]); continue; }
            if (p.StartsWith("ctrl-", StringComparison.Ordinal) && p.Length == 6)
            {
                char ch = p[5];
                int code = ch switch
                {
                    >= 'a' and <= 'z' => ch - 'a' + 1,
                    '@' => 0, '[' => 27, '\\' => 28, ']' => 29, '^' => 30, '_' => 31,
                    _ => -1,
                };
                if (code >= 0) { keys.Add((byte)code); continue; }
            }
            throw EngineException.Invalid($"Unknown character: '{p}'");
        }
        return keys.ToArray();
    }
}

internal static class CancellationTokenExtensions
{
    public static Task WhenCanceled(this CancellationToken token)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => tcs.TrySetResult());
        return tcs.Task;
    }
}
