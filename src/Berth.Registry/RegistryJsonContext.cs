using System.Text.Json.Serialization;
using Berth.Registry.Auth;

namespace Berth.Registry;

internal sealed class DockerClientConfig
{
    [JsonPropertyName("auths")] public Dictionary<string, AuthConfig>? Auths { get; set; }
    [JsonPropertyName("credsStore")] public string? CredsStore { get; set; }
    [JsonPropertyName("credHelpers")] public Dictionary<string, string>? CredHelpers { get; set; }
}

internal sealed class CredentialHelperReply
{
    [JsonPropertyName("ServerURL")] public string? ServerUrl { get; set; }
    [JsonPropertyName("Username")] public string? Username { get; set; }
    [JsonPropertyName("Secret")] public string? Secret { get; set; }
}

internal sealed class TokenReply
{
    [JsonPropertyName("token")] public string? Token { get; set; }
    [JsonPropertyName("access_token")] public string? AccessToken { get; set; }
    [JsonPropertyName("expires_in")] public int? ExpiresIn { get; set; }
    [JsonPropertyName("refresh_token")] public string? RefreshToken { get; set; }
}

internal sealed class RegistryErrors
{
    [JsonPropertyName("errors")] public List<RegistryError>? Errors { get; set; }
}

internal sealed class RegistryError
{
    [JsonPropertyName("code")] public string? Code { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
}

/// <summary>Just enough of a manifest or index to learn what it is.</summary>
internal sealed class ManifestProbe
{
    [JsonPropertyName("schemaVersion")] public int SchemaVersion { get; set; }
    [JsonPropertyName("mediaType")] public string? MediaType { get; set; }
    [JsonPropertyName("manifests")] public System.Text.Json.JsonElement? Manifests { get; set; }
    [JsonPropertyName("layers")] public System.Text.Json.JsonElement? Layers { get; set; }
    [JsonPropertyName("fsLayers")] public System.Text.Json.JsonElement? FsLayers { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, AllowTrailingCommas = true)]
[JsonSerializable(typeof(AuthConfig))]
[JsonSerializable(typeof(DockerClientConfig))]
[JsonSerializable(typeof(CredentialHelperReply))]
[JsonSerializable(typeof(TokenReply))]
[JsonSerializable(typeof(RegistryErrors))]
[JsonSerializable(typeof(ManifestProbe))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
