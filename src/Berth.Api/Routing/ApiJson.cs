using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Berth.Api.Routing;

/// <summary>
/// Serializes API answers the way Go's encoding/json does: quotes, apostrophes and non-ASCII text stay as they
/// are (System.Text.Json escapes them by default), so a client that greps a body sees Docker's exact words.
/// </summary>
public static class ApiJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] ToUtf8Bytes<T>(T value, JsonTypeInfo<T> type)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
            JsonSerializer.Serialize(writer, value, type);
        return buffer.WrittenSpan.ToArray();
    }
}
