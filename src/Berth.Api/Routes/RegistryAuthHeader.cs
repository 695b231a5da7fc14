using System.Text;
using System.Text.Json;
using Berth.Registry.Auth;

namespace Berth.Api.Routes;

/// <summary>X-Registry-Auth: base64url JSON AuthConfig (padding optional), as the docker CLI sends it.</summary>
internal static class RegistryAuthHeader
{
    public static AuthConfig? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        try
        {
            string b64 = header.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            var json = Convert.FromBase64String(b64);
            if (json.Length == 0 || Encoding.UTF8.GetString(json).Trim() is "{}" or "null") return null;
            return JsonSerializer.Deserialize(json, RegistryJson.Default.AuthConfig);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(AuthConfig))]
internal sealed partial class RegistryJson : System.Text.Json.Serialization.JsonSerializerContext;
