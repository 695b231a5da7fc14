using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Cli.Config;

/// <summary>
/// ~/.docker/config.json (or $DOCKER_CONFIG/config.json): registry credentials ("auths" with base64
/// "user:password", or a credsStore / credHelpers program), detachKeys, psFormat, imagesFormat, proxies.
/// Unknown keys are kept when the file is written back.
/// </summary>
public sealed class ConfigFile
{
    private readonly JsonObject _root;

    private ConfigFile(string directory, JsonObject root)
    {
        Directory = directory;
        _root = root;
    }

    public string Directory { get; }
    public string FilePath => Path.Combine(Directory, "config.json");

    public static ConfigFile Load(string directory)
    {
        string path = Path.Combine(directory, "config.json");
        JsonObject root = new();
        try
        {
            if (File.Exists(path))
            {
                var text = File.ReadAllText(path);
                if (text.Trim().Length > 0 && JsonNode.Parse(text) is JsonObject obj) root = obj;
            }
        }
        catch (JsonException e)
        {
            throw new CliException($"loading config file: {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException)
        {
            // docker warns and goes on with an empty configuration
        }
        return new ConfigFile(directory, root);
    }

    private string? Str(string key) => _root[key] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    public string? DetachKeys => Str("detachKeys");
    public string? PsFormat => Str("psFormat");
    public string? ImagesFormat => Str("imagesFormat");
    public string? CredsStore => Str("credsStore");

    public string? CredentialHelper(string server)
    {
        if (_root["credHelpers"] is JsonObject helpers && helpers[server] is JsonValue v && v.TryGetValue(out string? s)) return s;
        return null;
    }

    /// <summary>The proxy settings for the daemon host, as environment entries (docker's ParseProxyConfig).</summary>
    public Dictionary<string, string> ProxyEnvironment(string host)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_root["proxies"] is not JsonObject proxies) return result;
        var conf = proxies[host] as JsonObject ?? proxies["default"] as JsonObject;
        if (conf is null) return result;
        void Add(string key, params string[] names)
        {
            if (conf[key] is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0)
                foreach (var n in names) result[n] = s;
        }
        Add("httpProxy", "HTTP_PROXY", "http_proxy");
        Add("httpsProxy", "HTTPS_PROXY", "https_proxy");
        Add("noProxy", "NO_PROXY", "no_proxy");
        Add("ftpProxy", "FTP_PROXY", "ftp_proxy");
        Add("allProxy", "ALL_PROXY", "all_proxy");
        return result;
    }

    public string? UsernameFor(string server)
    {
        try
        {
            var e = GetAuth(server);
            return e.Username.Length > 0 ? e.Username : null;
        }
        catch (CliException)
        {
            return null;
        }
    }

    /// <summary>The credentials for a registry, from a credential helper or the "auths" section.</summary>
    public AuthEntry GetAuth(string server)
    {
        string? helper = CredentialHelper(server) ?? CredsStore;
        if (!string.IsNullOrEmpty(helper))
        {
            var fromHelper = CredentialHelperClient.Get(helper, server);
            if (fromHelper is not null) return fromHelper;
            return new AuthEntry(server, "", "", "");
        }
        if (_root["auths"] is JsonObject auths)
        {
            var entry = auths[server] as JsonObject ?? FindByHost(auths, server);
            if (entry is not null) return Decode(server, entry);
        }
        return new AuthEntry(server, "", "", "");
    }

    /// <summary>All credentials in "auths" (for X-Registry-Config on build).</summary>
    public Dictionary<string, AuthEntry> AllAuths()
    {
        var result = new Dictionary<string, AuthEntry>(StringComparer.Ordinal);
        if (_root["auths"] is JsonObject auths)
            foreach (var kv in auths)
                if (kv.Value is JsonObject o) result[kv.Key] = Decode(kv.Key, o);
        if (CredsStore is { Length: > 0 } store)
            foreach (var server in result.Keys.ToList())
                if (CredentialHelperClient.Get(store, server) is { } e) result[server] = e;
        return result;
    }

    private static JsonObject? FindByHost(JsonObject auths, string server)
    {
        string host = ConvertToHostname(server);
        foreach (var kv in auths)
            if (ConvertToHostname(kv.Key) == host && kv.Value is JsonObject o) return o;
        return null;
    }

    /// <summary>registry.ConvertToHostname: strips the scheme and the path.</summary>
    public static string ConvertToHostname(string url)
    {
        string s = url;
        if (s.StartsWith("http://", StringComparison.Ordinal)) s = s[7..];
        else if (s.StartsWith("https://", StringComparison.Ordinal)) s = s[8..];
        int slash = s.IndexOf('/');
        return slash >= 0 ? s[..slash] : s;
    }

    private static AuthEntry Decode(string server, JsonObject entry)
    {
        string user = "", password = "", token = "";
        if (entry["auth"] is JsonValue a && a.TryGetValue(out string? auth) && auth.Length > 0)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            }
            catch (FormatException)
            {
                throw new CliException("illegal base64 data in auth configuration");
            }
            int colon = decoded.IndexOf(':');
            if (colon < 0) throw new CliException("invalid auth configuration file");
            user = decoded[..colon];
            password = decoded[(colon + 1)..].Trim('\0');
        }
        if (entry["identitytoken"] is JsonValue t && t.TryGetValue(out string? tok)) token = tok;
        return new AuthEntry(server, user, password, token);
    }

    /// <summary>Stores credentials (helper or "auths") and writes the file back; true when a password went into the file.</summary>
    public bool StoreAuth(AuthEntry entry)
    {
        string? helper = CredentialHelper(entry.ServerAddress) ?? CredsStore;
        if (!string.IsNullOrEmpty(helper))
        {
            CredentialHelperClient.Store(helper, entry);
            if (_root["auths"] is not JsonObject a0) _root["auths"] = a0 = new JsonObject();
            a0[entry.ServerAddress] = new JsonObject();
            Save();
            return false;
        }
        if (_root["auths"] is not JsonObject auths) _root["auths"] = auths = new JsonObject();
        var obj = new JsonObject
        {
            ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(entry.Username + ":" + entry.Password)),
        };
        if (entry.IdentityToken.Length > 0)
        {
            obj = new JsonObject
            {
                ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(entry.Username + ":")),
                ["identitytoken"] = entry.IdentityToken,
            };
        }
        if (auths[entry.ServerAddress] is JsonObject old && old.ToJsonString() == obj.ToJsonString()) return false;
        auths[entry.ServerAddress] = obj;
        Save();
        return entry.Password.Length > 0;
    }

    /// <summary>Removes credentials; false when there were none for that server.</summary>
    public bool RemoveAuth(string server)
    {
        bool found = false;
        string? helper = CredentialHelper(server) ?? CredsStore;
        if (!string.IsNullOrEmpty(helper)) found = CredentialHelperClient.Erase(helper, server);
        if (_root["auths"] is JsonObject auths)
        {
            foreach (var key in auths.Select(kv => kv.Key).ToList())
            {
                if (key == server || ConvertToHostname(key) == ConvertToHostname(server))
                {
                    auths.Remove(key);
                    found = true;
                }
            }
        }
        if (found) Save();
        return found;
    }

    private void Save()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, IndentCharacter = '\t', IndentSize = 1 }))
            _root.WriteTo(w);
        // write-temp-then-rename so a crash never leaves a truncated config
        string tmp = FilePath + ".tmp" + Environment.ProcessId;
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            fs.Write(ms.ToArray());
            fs.Flush(true);
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(tmp, FilePath, overwrite: true);
    }
}
