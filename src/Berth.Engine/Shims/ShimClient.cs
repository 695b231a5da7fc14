using System.Net.Sockets;
using System.Text.Json;
using Berth.Engine.Errors;
using Berth.Runtime.ShimProtocol;

namespace Berth.Engine.Shims;

/// <summary>Talks to one container's berth-shim over its unix socket: one connection per operation.</summary>
public sealed class ShimClient(string socketPath)
{
    public string SocketPath { get; } = socketPath;

    /// <summary>Connects and sends the request line; returns the open stream and the shim's response.</summary>
    public async Task<(NetworkStream Stream, Socket Socket, ShimResponse Response)> OpenAsync(ShimRequest request, CancellationToken cancel = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await Linux.Sockets.UnixSocketPath.WithAsync(SocketPath, async p => { await socket.ConnectAsync(new UnixDomainSocketEndPoint(p), cancel); return 0; });
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new EngineException(ErrorKind.Conflict, "container is not running (its shim is gone: " + e.Message.ToLowerInvariant() + ")");
        }
        var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(request, ShimJsonContext.Default.ShimRequest);
            var line = new byte[bytes.Length + 1];
            bytes.CopyTo(line, 0);
            line[^1] = (byte)'\n';
            await stream.WriteAsync(line, cancel);
            var responseLine = await ReadLineAsync(stream, cancel)
                ?? throw new EngineException(ErrorKind.Conflict, "container is not running (its shim closed the connection)");
            var response = JsonSerializer.Deserialize(responseLine, ShimJsonContext.Default.ShimResponse)
                ?? throw EngineException.Internal("empty response from shim");
            if (!response.Ok)
            {
                var kind = response.ErrorKind switch
                {
                    "not-found" => ErrorKind.NotFound,
                    "invalid" => ErrorKind.InvalidArgument,
                    "conflict" => ErrorKind.Conflict,
                    _ => ErrorKind.Internal,
                };
                throw new EngineException(kind, response.Error ?? "shim request failed");
            }
            return (stream, socket, response);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    /// <summary>A request with no stream after the response.</summary>
    public async Task<ShimResponse> CallAsync(ShimRequest request, CancellationToken cancel = default)
    {
        var (stream, _, response) = await OpenAsync(request, cancel);
        await stream.DisposeAsync();
        return response;
    }

    private static async Task<byte[]?> ReadLineAsync(Stream stream, CancellationToken cancel)
    {
        var buffer = new List<byte>(128);
        var one = new byte[1];
        while (true)
        {
            int n = await stream.ReadAsync(one, cancel);
            if (n == 0) return buffer.Count == 0 ? null : buffer.ToArray();
            if (one[0] == (byte)'\n') return buffer.ToArray();
            buffer.Add(one[0]);
        }
    }
}
