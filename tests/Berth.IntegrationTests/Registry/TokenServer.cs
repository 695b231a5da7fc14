using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Berth.IntegrationTests.Registry;

/// <summary>
/// A Docker registry token server (docker-registry/auth-token.md), in process on 127.0.0.1: checks basic
/// credentials, grants the scopes asked for, and signs RS256 JWTs whose x5c header carries a self-signed
/// certificate that the registry trusts through its rootcertbundle.
/// </summary>
public sealed class TokenServer : IDisposable
{
    public const string Service = "berth-test-registry", Issuer = "berth-test-issuer";
    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public int Port { get; }
    public string Realm => $"http://127.0.0.1:{Port}/token";
    public string CertificatePem { get; }
    public List<string> Requests { get; } = new();

    public TokenServer()
    {
        var request = new CertificateRequest("CN=berth-test-token", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        CertificatePem = _certificate.ExportCertificatePem();
        Port = Tools.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            try
            {
                Handle(ctx);
            }
            catch (Exception e)
            {
                ctx.Response.StatusCode = 500;
                byte[] b = Encoding.UTF8.GetBytes(e.Message);
                ctx.Response.OutputStream.Write(b);
            }
            finally
            {
                ctx.Response.Close();
            }
        }
    }

    private void Handle(HttpListenerContext ctx)
    {
        var q = ctx.Request.QueryString;
        lock (Requests) Requests.Add(ctx.Request.Url!.PathAndQuery);
        string? header = ctx.Request.Headers["Authorization"];
        bool authorized = header is not null && header.StartsWith("Basic ", StringComparison.Ordinal)
            && Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])) == $"{RegistryProcess.User}:{RegistryProcess.Password}";
        if (!authorized)
        {
            ctx.Response.StatusCode = 401;
            return;
        }
        var access = new List<object>();
        foreach (string scope in q.GetValues("scope") ?? [])
        {
            // repository:name:actions (name may not contain ':' here)
            var parts = scope.Split(':');
            if (parts.Length == 3) access.Add(new Dictionary<string, object> { ["type"] = parts[0], ["name"] = parts[1], ["actions"] = parts[2].Split(',') });
        }
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["sub"] = RegistryProcess.User, ["aud"] = q["service"] ?? Service, ["exp"] = now + 600, ["nbf"] = now - 60, ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"), ["access"] = access,
        };
        var head = new Dictionary<string, object> { ["typ"] = "JWT", ["alg"] = "RS256", ["x5c"] = new[] { Convert.ToBase64String(_certificate.RawData) } };
        string signingInput = B64(JsonSerializer.SerializeToUtf8Bytes(head)) + "." + B64(JsonSerializer.SerializeToUtf8Bytes(claims));
        string token = signingInput + "." + B64(_key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["token"] = token, ["expires_in"] = 600 });
        ctx.Response.ContentType = "application/json";
        ctx.Response.OutputStream.Write(body);
    }

    private static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(5000); } catch (AggregateException) { }
        _certificate.Dispose();
        _key.Dispose();
    }
}
