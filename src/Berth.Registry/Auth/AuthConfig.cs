using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Registry.Auth;

/// <summary>
/// Credentials for one registry, in the shape of Docker's AuthConfig (the <c>X-Registry-Auth</c> header and
/// <c>docker login</c>): a username and password, or a base64 <c>auth</c> pair, or an identity (refresh) token,
/// or a registry (bearer) token used as is.
/// </summary>
public sealed class AuthConfig
{
    [JsonPropertyName("username")] public string? Username { get; set; }
    [JsonPropertyName("password")] public string? Password { get; set; }
    [JsonPropertyName("auth")] public string? Auth { get; set; }
    [JsonPropertyName("email")] public string? Email { get; set; }
    [JsonPropertyName("serveraddress")] public string? ServerAddress { get; set; }
    [JsonPropertyName("identitytoken")] public string? IdentityToken { get; set; }
    [JsonPropertyName("registrytoken")] public string? RegistryToken { get; set; }

    /// <summary>Username and password, from the fields or from <c>auth</c>.</summary>
    public (string User, string Password)? Basic()
    {
        if (!string.IsNullOrEmpty(Username) && Password is not null) return (Username, Password);
        if (!string.IsNullOrEmpty(Auth))
        {
            string pair;
            try { pair = Encoding.UTF8.GetString(Convert.FromBase64String(Auth)); }
            catch (FormatException) { return null; }
            int colon = pair.IndexOf(':');
            if (colon > 0) return (pair[..colon], pair[(colon + 1)..]);
        }
        return null;
    }

    public bool IsEmpty => Basic() is null && string.IsNullOrEmpty(IdentityToken) && string.IsNullOrEmpty(RegistryToken);

    /// <summary>Decodes an <c>X-Registry-Auth</c> header (base64url JSON; Docker also accepts standard base64). Null for empty or "{}".</summary>
    public static AuthConfig? FromHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        string b64 = header.Trim().Replace('-', '+').Replace('_', '/');
        b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
        byte[] json;
        try { json = Convert.FromBase64String(b64); }
        catch (FormatException) { throw new Images.ImageException(Images.ImageErrorKind.InvalidArgument, "invalid X-Registry-Auth header: not base64"); }
        try
        {
            var config = JsonSerializer.Deserialize(json, RegistryJsonContext.Default.AuthConfig);
            return config is null || config.IsEmpty ? null : config;
        }
        catch (JsonException)
        {
            throw new Images.ImageException(Images.ImageErrorKind.InvalidArgument, "invalid X-Registry-Auth header: not an auth config");
        }
    }
}
