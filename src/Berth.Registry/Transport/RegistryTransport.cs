using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using Berth.Images;
using Berth.Registry.Auth;

namespace Berth.Registry.Transport;

/// <summary>
/// HTTP to one registry for one operation: scheme choice (HTTPS, or plain HTTP for loopback and insecure
/// registries), the auth challenge flow (anonymous, basic, bearer tokens per scope set, refresh tokens),
/// and retries with backoff on 5xx, 429 and broken connections.
/// </summary>
internal sealed class RegistryTransport
{
    private readonly HttpClient _http;
    private readonly RegistryClientOptions _options;
    private readonly AuthConfig? _auth;
    private readonly RegistryHosts _hosts;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private AuthChallenge? _challenge;

    /// <summary><c>docker.io</c>, <c>localhost:5000</c>: the registry as references name it.</summary>
    public string Registry { get; }

    public RegistryTransport(HttpClient http, RegistryClientOptions options, RegistryHosts hosts, string registry, AuthConfig? auth)
    {
        _http = http;
        _options = options;
        _hosts = hosts;
        Registry = registry;
        _auth = auth;
    }

    public Uri BaseUri => _hosts.BaseUri(Registry);

    public Uri Url(string pathAndQuery) => new(BaseUri, pathAndQuery);

    /// <summary>
    /// Sends the request <paramref name="make"/> builds (it is rebuilt for every attempt). Returns any response
    /// that is not a retryable failure; the caller checks the status.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<Uri, HttpRequestMessage> make, string[] scopes, bool retry,
        CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseHeadersRead)
    {
        int attempt = 0;
        bool authRetried = false;
        while (true)
        {
            var request = make(BaseUri);
            request.Headers.UserAgent.ParseAdd(_options.UserAgent);
            Authorize(request, scopes);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (IsTlsFailure(e) && _hosts.FallBackToHttp(Registry))
            {
                continue;
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                if (retry && attempt < _options.MaxRetries)
                {
                    await DelayAsync(attempt++, null, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                throw new ImageException(ImageErrorKind.Unavailable, $"registry {Registry}: {Describe(e)}", e);
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized && !authRetried)
            {
                authRetried = true;
                var challenge = AuthChallenge.Parse(response.Headers.WwwAuthenticate.ToString());
                if (challenge is not null && await AuthenticateAsync(challenge, scopes, cancellationToken).ConfigureAwait(false))
                {
                    response.Dispose();
                    continue;
                }
                return response;
            }
            if (retry && attempt < _options.MaxRetries && ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests))
            {
                var retryAfter = response.Headers.RetryAfter?.Delta;
                response.Dispose();
                await DelayAsync(attempt++, retryAfter, cancellationToken).ConfigureAwait(false);
                continue;
            }
            return response;
        }
    }

    private static bool IsTlsFailure(HttpRequestException e) =>
        e.InnerException is AuthenticationException || e.HttpRequestError == HttpRequestError.SecureConnectionError;

    internal static string Describe(Exception e)
    {
        string text = e.InnerException is { } inner && e is HttpRequestException ? e.Message + ": " + inner.Message : e.Message;
        return char.ToLowerInvariant(text[0]) + text[1..].TrimEnd('.');
    }

    public async Task DelayAsync(int attempt, TimeSpan? hint, CancellationToken cancellationToken)
    {
        var delay = hint ?? TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, _options.RetryDelay.Ticks << Math.Min(attempt, 16)));
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
    }

    private void Authorize(HttpRequestMessage request, string[] scopes)
    {
        lock (_gate)
        {
            if (_challenge is null)
            {
                if (!string.IsNullOrEmpty(_auth?.RegistryToken))
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _auth.RegistryToken);
                return;
            }
            if (_challenge.Scheme.Equals("basic", StringComparison.OrdinalIgnoreCase) && _auth?.Basic() is (string user, string password))
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
            else if (_tokens.TryGetValue(ScopeKey(scopes), out string? token))
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    private static string ScopeKey(string[] scopes) => string.Join(' ', scopes.Order(StringComparer.Ordinal));

    /// <summary>Answers a challenge; false when there is nothing to answer with (the 401 stands).</summary>
    private async Task<bool> AuthenticateAsync(AuthChallenge challenge, string[] scopes, CancellationToken cancellationToken)
    {
        lock (_gate) _challenge = challenge;
        if (challenge.Scheme.Equals("basic", StringComparison.OrdinalIgnoreCase)) return _auth?.Basic() is not null;
        if (!challenge.Scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase) || challenge.Realm is null) return false;
        if (!string.IsNullOrEmpty(_auth?.RegistryToken)) return false;
        var wanted = new List<string>(scopes);
        if (challenge.Scope is { Length: > 0 } s && !wanted.Contains(s)) wanted.Add(s);
        string token = await FetchTokenAsync(challenge, wanted, cancellationToken).ConfigureAwait(false);
        lock (_gate) _tokens[ScopeKey(scopes)] = token;
        return true;
    }

    private async Task<string> FetchTokenAsync(AuthChallenge challenge, List<string> scopes, CancellationToken cancellationToken)
    {
        var realm = new Uri(challenge.Realm!);
        HttpRequestMessage request;
        if (!string.IsNullOrEmpty(_auth?.IdentityToken))
        {
            // auth-oauth.md: exchange the refresh token.
            var form = new List<KeyValuePair<string, string>>
            {
                new("grant_type", "refresh_token"), new("refresh_token", _auth.IdentityToken), new("client_id", "berth"),
            };
            if (challenge.Service is { } svc) form.Add(new("service", svc));
            if (scopes.Count > 0) form.Add(new("scope", string.Join(' ', scopes)));
            request = new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
        }
        else
        {
            var query = new StringBuilder();
            if (challenge.Service is { } svc) query.Append("service=").Append(Uri.EscapeDataString(svc));
            foreach (string scope in scopes) query.Append(query.Length > 0 ? "&" : "").Append("scope=").Append(Uri.EscapeDataString(scope));
            var builder = new UriBuilder(realm);
            builder.Query = string.IsNullOrEmpty(builder.Query) ? query.ToString() : builder.Query.TrimStart('?') + "&" + query;
            request = new HttpRequestMessage(HttpMethod.Get, builder.Uri);
            if (_auth?.Basic() is (string user, string password))
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
        }
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new ImageException(ImageErrorKind.Unavailable, $"registry {Registry}: token server {realm.Host}: {Describe(e)}", e);
        }
        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new ImageException(ImageErrorKind.Unauthorized, $"registry {Registry}: token server refused the credentials: {(int)response.StatusCode} {Trim(body)}");
            if (!response.IsSuccessStatusCode)
                throw new ImageException(ImageErrorKind.Unavailable, $"registry {Registry}: token server answered {(int)response.StatusCode}: {Trim(body)}");
            TokenReply? reply;
            try { reply = JsonSerializer.Deserialize(body, RegistryJsonContext.Default.TokenReply); }
            catch (JsonException e) { throw new ImageException(ImageErrorKind.Unavailable, $"registry {Registry}: token server answered garbage", e); }
            string? token = reply?.Token ?? reply?.AccessToken;
            if (string.IsNullOrEmpty(token)) throw new ImageException(ImageErrorKind.Unavailable, $"registry {Registry}: token server answered without a token");
            return token;
        }
    }

    private static string Trim(string s) => s.Length > 200 ? s[..200] : s.Trim();

    /// <summary>An error for a failed response, typed by status, naming <paramref name="what"/> and the registry's own message.</summary>
    public static async Task<ImageException> ErrorAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        string body = "";
        try { body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false); } catch (Exception) { }
        string detail = "";
        try
        {
            var errors = body.Length > 0 && body.TrimStart().StartsWith('{') ? JsonSerializer.Deserialize(body, RegistryJsonContext.Default.RegistryErrors) : null;
            if (errors?.Errors is { Count: > 0 } list)
                detail = string.Join("; ", list.Select(e => (e.Code ?? "").ToLowerInvariant().Replace('_', ' ') + (string.IsNullOrEmpty(e.Message) ? "" : ": " + e.Message)));
        }
        catch (JsonException) { }
        if (detail.Length == 0) detail = ((int)response.StatusCode) + " " + (response.ReasonPhrase ?? "").ToLowerInvariant();
        var kind = response.StatusCode switch
        {
            HttpStatusCode.NotFound => ImageErrorKind.NotFound,
            HttpStatusCode.Unauthorized => ImageErrorKind.Unauthorized,
            HttpStatusCode.Forbidden => ImageErrorKind.PermissionDenied,
            HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed => ImageErrorKind.InvalidArgument,
            HttpStatusCode.RequestedRangeNotSatisfiable => ImageErrorKind.InvalidArgument,
            _ when (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests => ImageErrorKind.Unavailable,
            _ => ImageErrorKind.Internal,
        };
        return new ImageException(kind, $"{what}: {detail}");
    }
}

/// <summary>The scheme chosen for each registry host, shared by the operations of one client.</summary>
internal sealed class RegistryHosts(RegistryClientOptions options)
{
    private readonly Dictionary<string, bool> _plainHttp = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    public Uri BaseUri(string registry)
    {
        if (registry == "docker.io") return new Uri("https://registry-1.docker.io/");
        lock (_gate)
        {
            if (!_plainHttp.TryGetValue(registry, out bool plain))
            {
                plain = IsLoopback(registry);
                _plainHttp[registry] = plain;
            }
            return new Uri((plain ? "http://" : "https://") + registry + "/");
        }
    }

    /// <summary>An insecure registry that failed TLS: use plain HTTP from now on. False when that is not allowed.</summary>
    public bool FallBackToHttp(string registry)
    {
        if (!IsInsecure(registry)) return false;
        lock (_gate)
        {
            if (_plainHttp.TryGetValue(registry, out bool plain) && plain) return false;
            _plainHttp[registry] = true;
            return true;
        }
    }

    public static bool IsLoopback(string registry)
    {
        string host = HostOf(registry);
        if (host == "localhost") return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    private static string HostOf(string registry)
    {
        if (registry.StartsWith('['))
        {
            int end = registry.IndexOf(']');
            return end > 0 ? registry[1..end] : registry;
        }
        int colon = registry.LastIndexOf(':');
        return colon > 0 ? registry[..colon] : registry;
    }

    /// <summary>Loopback, or listed in the options (by host, host:port or CIDR).</summary>
    public bool IsInsecure(string registry)
    {
        if (IsLoopback(registry)) return true;
        string host = HostOf(registry);
        foreach (string entry in options.InsecureRegistries)
        {
            if (string.Equals(entry, registry, StringComparison.OrdinalIgnoreCase) || string.Equals(entry, host, StringComparison.OrdinalIgnoreCase)) return true;
            if (entry.Contains('/') && IPNetwork.TryParse(entry, out var net) && IPAddress.TryParse(host, out var ip) && net.Contains(ip)) return true;
        }
        return false;
    }

    /// <summary>TLS certificate check: strict, except for insecure registries.</summary>
    public bool ValidateCertificate(string host, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None || IsInsecure(host) || options.InsecureRegistries.Any(r => HostOf(r).Equals(host, StringComparison.OrdinalIgnoreCase));
}
