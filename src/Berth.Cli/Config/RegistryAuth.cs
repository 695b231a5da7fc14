using System.Text;
using Berth.Cli.Options;
using Berth.Cli.Values;

namespace Berth.Cli.Config;

/// <summary>The X-Registry-Auth header: the credentials for an image's registry as base64url JSON (registry.AuthConfig).</summary>
public static class RegistryAuth
{
    public const string IndexServer = "https://index.docker.io/v1/";

    /// <summary>The key config.json files credentials under: Docker Hub's index URL, or the registry host.</summary>
    public static string ConfigKey(ImageReference reference) =>
        reference.Domain == ImageReference.DefaultDomain ? IndexServer : reference.Domain;

    public static string ConfigKeyForServer(string server)
    {
        if (server.Length == 0 || server is "docker.io" or "index.docker.io" or "registry-1.docker.io" or IndexServer) return IndexServer;
        return ConfigFile.ConvertToHostname(server);
    }

    public static GoStruct AuthConfig(ConfigFile config, string key)
    {
        var entry = config.GetAuth(key);
        var a = GoSchema.New("registry.AuthConfig");
        a["Username"] = entry.Username;
        a["Password"] = entry.Password;
        a["ServerAddress"] = key;
        a["IdentityToken"] = entry.IdentityToken;
        return a;
    }

    /// <summary>base64url(JSON) as registry.EncodeAuthConfig writes it.</summary>
    public static string Encode(GoStruct authConfig) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(GoJson.Encode(authConfig))).Replace('+', '-').Replace('/', '_');

    public static string HeaderFor(ConfigFile config, ImageReference reference) => Encode(AuthConfig(config, ConfigKey(reference)));
}
