using System.Text;

namespace Berth.Cli.Client;

/// <summary>
/// The Engine API client: negotiates the API version as docker CLI 28 does (HEAD /_ping, Api-Version header,
/// min(1.50, server), /v1.xx prefix), sends requests over a small pool of keep-alive connections, maps error
/// answers to docker's "Error response from daemon: ..." and hijacks connections for attach and exec.
/// </summary>
public sealed class DaemonClient : IDisposable
{
    public const string MaxApiVersion = "1.50";
    public const string FallbackApiVersion = "1.24";
    private readonly object _gate = new();
    private readonly Stack<HttpConnection> _idle = new();
    private string? _version;
    private bool _negotiated;
    private readonly bool _manualVersion;

    public DaemonClient(DaemonEndpoint endpoint, string? fixedVersion = null, string userAgent = "Berth-Client/" + CliVersion.Version + " (linux)")
    {
        Endpoint = endpoint;
        UserAgent = userAgent;
        if (!string.IsNullOrEmpty(fixedVersion))
        {
            _version = fixedVersion.TrimStart('v');
            _manualVersion = true;
            _negotiated = true;
        }
    }

    public DaemonEndpoint Endpoint { get; }
    public string UserAgent { get; }
    public string? OsType { get; private set; }
    public bool Experimental { get; private set; }
    public string? BuilderVersion { get; private set; }
    /// <summary>The server's Api-Version header from /_ping (null before negotiation or when absent).</summary>
    public string? ServerApiVersion { get; private set; }

    /// <summary>The API version used in request paths, negotiated on first use.</summary>
    public string ApiVersion
    {
        get
        {
            Negotiate();
            return _version ?? MaxApiVersion;
        }
    }

    public bool VersionAtLeast(string v) => ApiVersions.GreaterThanOrEqual(ApiVersion, v);

    /// <summary>docker's NewVersionError: refuses a feature the negotiated API version does not have.</summary>
    public void RequireVersion(string version, string feature)
    {
        if (!VersionAtLeast(version))
            throw new CliException($"\"{feature}\" requires API version {version}, but the Berth daemon API version is {ApiVersion}");
    }

    /// <summary>Pings the daemon once; connection failures are left to the real request, as docker does.</summary>
    public void Negotiate()
    {
        if (Volatile.Read(ref _negotiated)) return;
        lock (_negotiateGate)
        {
            if (_negotiated) return;
            // a failed ping is reported by this request; docker reports it from the request that follows
            Ping();
            Volatile.Write(ref _negotiated, true);
        }
    }

    private readonly object _negotiateGate = new();

    /// <summary>HEAD /_ping (GET when HEAD does not answer 200 or 500): reads Api-Version, Ostype, Builder-Version.</summary>
    public ResponseHead Ping()
    {
        ResponseHead head;
        using (var r = SendRaw("HEAD", "/_ping", null, null, null, null, null, versioned: false))
        {
            head = r.Head;
        }
        if (head.Status != 200 && head.Status != 500)
        {
            using var r = SendRaw("GET", "/_ping", null, null, null, null, null, versioned: false);
            head = r.Head;
            r.ReadAllBytes();
        }
        ServerApiVersion = head.Header("Api-Version");
        OsType = head.Header("Ostype");
        Experimental = head.Header("Docker-Experimental") == "true";
        BuilderVersion = head.Header("Builder-Version");
        if (!_manualVersion)
        {
            string server = string.IsNullOrEmpty(ServerApiVersion) ? FallbackApiVersion : ServerApiVersion;
            _version = ApiVersions.LessThan(server, MaxApiVersion) ? server : MaxApiVersion;
        }
        return head;
    }

    private HttpConnection Acquire()
    {
        lock (_gate)
        {
            while (_idle.Count > 0)
            {
                var c = _idle.Pop();
                // a pooled connection the server closed reads as readable with no data
                if (c.Socket.Poll(0, System.Net.Sockets.SelectMode.SelectRead) && c.Socket.Available == 0)
                {
                    c.Dispose();
                    continue;
                }
                return c;
            }
        }
        return HttpConnection.Connect(Endpoint);
    }

    private void Release(HttpConnection c)
    {
        lock (_gate)
        {
            if (_idle.Count < 4) _idle.Push(c);
            else c.Dispose();
        }
    }

    private string BuildTarget(string path, QueryString? query, bool versioned)
    {
        var sb = new StringBuilder();
        if (versioned) sb.Append("/v").Append(ApiVersion);
        sb.Append(path);
        if (query is not null && !query.IsEmpty) sb.Append('?').Append(query);
        return sb.ToString();
    }

    private byte[] RequestHead(string method, string target, string? contentType, long? contentLength, bool chunked,
        IReadOnlyDictionary<string, string>? headers, bool upgrade)
    {
        var sb = new StringBuilder(256);
        sb.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n");
        sb.Append("Host: ").Append(Endpoint.HostHeader).Append("\r\n");
        sb.Append("User-Agent: ").Append(UserAgent).Append("\r\n");
        if (contentLength is long len) sb.Append("Content-Length: ").Append(len).Append("\r\n");
        if (chunked) sb.Append("Transfer-Encoding: chunked\r\n");
        if (upgrade) sb.Append("Connection: Upgrade\r\n");
        if (contentType is not null) sb.Append("Content-Type: ").Append(contentType).Append("\r\n");
        if (headers is not null)
            foreach (var kv in headers) sb.Append(kv.Key).Append(": ").Append(kv.Value).Append("\r\n");
        if (upgrade) sb.Append("Upgrade: tcp\r\n");
        sb.Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private DaemonResponse SendRaw(string method, string path, QueryString? query, byte[]? body, Stream? bodyStream,
        string? contentType, IReadOnlyDictionary<string, string>? headers, bool versioned)
    {
        string target = BuildTarget(path, query, versioned);
        for (int attempt = 0; ; attempt++)
        {
            var connection = Acquire();
            try
            {
                bool chunked = bodyStream is not null;
                long? length = bodyStream is not null ? null : body is not null ? body.Length : (method is "POST" or "PUT" ? 0 : null);
                var head = RequestHead(method, target, contentType, length, chunked, headers, upgrade: false);
                if (body is not null && body.Length > 0 && body.Length < 64 * 1024)
                {
                    var combined = new byte[head.Length + body.Length];
                    head.CopyTo(combined, 0);
                    body.CopyTo(combined, head.Length);
                    connection.Write(combined);
                }
                else
                {
                    connection.Write(head);
                    if (body is not null && body.Length > 0) connection.Write(body);
                    if (bodyStream is not null) WriteChunked(connection, bodyStream);
                }
                var responseHead = ResponseHead.Read(connection);
                var stream = new ResponseBodyStream(connection, responseHead, method == "HEAD", Release);
                return new DaemonResponse(responseHead, stream);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
            {
                connection.Dispose();
                // a pooled keep-alive connection may have been closed by the server: retry once on a fresh one
                if (attempt == 0 && bodyStream is null) continue;
                throw new DaemonUnavailableException($"error during connect: {method} {target}: {e.Message}");
            }
        }
    }

    private static void WriteChunked(HttpConnection connection, Stream body)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int n = body.Read(buffer, 6 + 2, buffer.Length - 8 - 2);
            if (n <= 0) break;
            string size = n.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
            var sizeBytes = Encoding.ASCII.GetBytes(size + "\r\n");
            connection.Write(sizeBytes);
            connection.Write(buffer.AsSpan(8, n));
            connection.Write("\r\n"u8);
        }
        connection.Write("0\r\n\r\n"u8);
    }

    /// <summary>Sends a request; answers with status 400 and above become ApiException.</summary>
    public DaemonResponse Send(string method, string path, QueryString? query = null, byte[]? body = null,
        string? contentType = null, Stream? bodyStream = null, IReadOnlyDictionary<string, string>? headers = null,
        bool versioned = true)
    {
        Negotiate();
        var response = SendRaw(method, path, query, body, bodyStream, contentType, headers, versioned);
        if (response.Status >= 400)
        {
            using (response) throw ErrorFrom(response, method, path);
        }
        return response;
    }

    public string GetString(string path, QueryString? query = null)
    {
        using var r = Send("GET", path, query);
        return r.ReadAllText();
    }

    public string PostJson(string path, QueryString? query, string? json, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var r = Send("POST", path, query, json is null ? null : Encoding.UTF8.GetBytes(json), json is null ? null : "application/json", headers: headers);
        return r.ReadAllText();
    }

    public void Delete(string path, QueryString? query = null)
    {
        using var r = Send("DELETE", path, query);
        r.ReadAllBytes();
    }

    private ApiException ErrorFrom(DaemonResponse response, string method, string path)
    {
        var body = response.ReadAllBytes();
        string statusText = response.Status + " " + response.Head.Reason;
        if (body.Length == 0)
            return new ApiException(response.Status,
                $"request returned {statusText} for API route and version http://{Uri.EscapeDataString(Endpoint.Address)}{BuildTarget(path, null, true)}, check if the server supports the requested API version");
        string text = Encoding.UTF8.GetString(body);
        string message;
        if (response.Header("Content-Type") == "application/json")
        {
            message = ExtractMessage(text) ?? $"API returned a {response.Status} ({response.Head.Reason}) but provided no error-message";
        }
        else message = text.Trim();
        return new ApiException(response.Status, ApiException.Prefix + message);
    }

    private static string? ExtractMessage(string json)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && doc.RootElement.TryGetProperty("message", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                string s = m.GetString()!.Trim();
                return s.Length == 0 ? null : s;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            return "Error reading JSON: " + json.Trim();
        }
        return null;
    }

    /// <summary>
    /// Sends an upgrade request ("Connection: Upgrade", "Upgrade: tcp") on a fresh connection and returns the raw
    /// two-way stream after "101 UPGRADED". Errors found before the upgrade come back as ApiException.
    /// </summary>
    public HijackedConnection Hijack(string method, string path, QueryString? query, byte[]? jsonBody)
    {
        Negotiate();
        string target = BuildTarget(path, query, versioned: true);
        var connection = HttpConnection.Connect(Endpoint);
        try
        {
            var head = RequestHead(method, target, jsonBody is null ? "text/plain" : "application/json", jsonBody?.Length ?? 0,
                chunked: false, headers: null, upgrade: true);
            connection.Write(head);
            if (jsonBody is not null) connection.Write(jsonBody);
            var responseHead = ResponseHead.Read(connection);
            if (responseHead.Status >= 400)
            {
                var body = new ResponseBodyStream(connection, responseHead, false, null);
                using var response = new DaemonResponse(responseHead, body);
                throw ErrorFrom(response, method, path);
            }
            if (responseHead.Status != 101)
                throw new CliException($"unable to upgrade to tcp, received {responseHead.Status}");
            return new HijackedConnection(connection, responseHead);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            while (_idle.Count > 0) _idle.Pop().Dispose();
        }
    }
}
