using System.Text;

namespace Berth.Cli.Client;

/// <summary>A daemon response: status, headers and the body as a stream.</summary>
public sealed class DaemonResponse(ResponseHead head, ResponseBodyStream body) : IDisposable
{
    public int Status => Head.Status;
    public ResponseHead Head { get; } = head;
    public ResponseBodyStream Body { get; } = body;

    public string? Header(string name) => Head.Header(name);

    public byte[] ReadAllBytes()
    {
        using var ms = new MemoryStream();
        Body.CopyTo(ms);
        return ms.ToArray();
    }

    public string ReadAllText() => Encoding.UTF8.GetString(ReadAllBytes());

    public void Dispose() => Body.Dispose();
}
