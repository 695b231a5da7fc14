using System.Diagnostics;
using Berth.Images.Archive;

namespace Berth.IntegrationTests.Registry;

public enum RegistryAuth { None, Htpasswd, Token }

/// <summary>
/// Debian's docker-registry on 127.0.0.1:&lt;free port&gt; with its own storage directory; optionally behind
/// htpasswd basic auth or a token server (the caller runs it and gives its realm and certificate). Stopped by PID.
/// </summary>
public sealed class RegistryProcess : IDisposable
{
    private readonly Process _process;
    public string Dir { get; }
    public int Port { get; }
    public string Host => $"127.0.0.1:{Port}";

    public const string User = "berth", Password = "s3cret-pw";

    public RegistryProcess(RegistryAuth auth = RegistryAuth.None, TokenServer? tokens = null)
    {
        Dir = Directory.CreateTempSubdirectory("berth-registry-").FullName;
        Port = Tools.FreePort();
        string authYaml = "";
        if (auth == RegistryAuth.Htpasswd)
        {
            string line = Tools.Run("htpasswd", $"-Bbn {User} {Password}").Out.Trim();
            File.WriteAllText(Path.Combine(Dir, "htpasswd"), line + "\n");
            authYaml = $"auth:\n  htpasswd:\n    realm: berth-test\n    path: {Dir}/htpasswd\n";
        }
        else if (auth == RegistryAuth.Token)
        {
            var t = tokens ?? throw new ArgumentNullException(nameof(tokens));
            File.WriteAllText(Path.Combine(Dir, "token.pem"), t.CertificatePem);
            authYaml = $"auth:\n  token:\n    realm: {t.Realm}\n    service: {TokenServer.Service}\n    issuer: {TokenServer.Issuer}\n    rootcertbundle: {Dir}/token.pem\n";
        }
        File.WriteAllText(Path.Combine(Dir, "config.yml"), $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Dir}/data
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{Port}
            {authYaml}
            """);
        _process = Process.Start(new ProcessStartInfo("docker-registry", $"serve {Dir}/config.yml")
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) File.AppendAllText(Path.Combine(Dir, "log"), e.Data + "\n"); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) File.AppendAllText(Path.Combine(Dir, "log"), e.Data + "\n"); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        try
        {
            Tools.WaitForHttp($"http://{Host}/v2/", s => (int)s is 200 or 401, _process);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Log => File.Exists(Path.Combine(Dir, "log")) ? File.ReadAllText(Path.Combine(Dir, "log")) : "";

    /// <summary>Puts an OCI layout image into this registry with skopeo.</summary>
    public void SkopeoPush(string layoutDir, string tag, string repository, string? creds = null) =>
        Tools.Run("skopeo", $"copy -q --dest-tls-verify=false {(creds is null ? "" : "--dest-creds " + creds)} oci:{layoutDir}:{tag} docker://{Host}/{repository}");

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        FsTree.RemoveAll(Dir);
    }
}
