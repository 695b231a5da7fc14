using Berth.Registry.Auth;

namespace Berth.Registry;

public sealed class PushOptions
{
    public AuthConfig? Auth { get; init; }

    /// <summary>Upload blobs in PATCH chunks of this size (null: the client's default; 0: one PUT per blob).</summary>
    public int? ChunkSize { get; init; }
}
