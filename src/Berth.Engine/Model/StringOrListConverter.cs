using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Engine.Model;

/// <summary>Docker's strslice: <c>Cmd</c>, <c>Entrypoint</c> and <c>Shell</c> accept a string or an array of strings.</summary>
public sealed class StringOrListConverter : JsonConverter<List<string>>
{
    public override List<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return [reader.GetString()!];
            case JsonTokenType.StartArray:
                var list = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                        throw new JsonException("expected a string in the array");
                    list.Add(reader.GetString()!);
                }
                return list;
            default:
                throw new JsonException("expected a string or an array of strings");
        }
    }

    public override void Write(Utf8JsonWriter writer, List<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var s in value) writer.WriteStringValue(s);
        writer.WriteEndArray();
    }
}
