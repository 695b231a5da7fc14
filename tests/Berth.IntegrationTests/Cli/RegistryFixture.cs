using System.Diagnostics;

namespace Berth.IntegrationTests.Cli;

/// <summary>Debian's docker-registry on 127.0.0.1 with a free port, htpasswd authentication and its own storage.</summary>
public sealed class RegistryFixture : IDisposable
{
    private readonly Process _registry;
    public string Root { get; }
    public string Address { get; }
    public const string User = "testuser", Password = "testpass";

    public RegistryFixture()
    {
        Root = Directory.CreateTempSubdirectory("berth-cli-registry-").FullName;
        Address = "127.0.0.1:" + ProcessRunner.FreeTcpPort();
        var htpasswd = ProcessRunner.Run("htpasswd", ["-Bbn", User, Password]);
        if (htpasswd.Code != 0) throw new InvalidOperationException("htpasswd failed: " + htpasswd.Err);
        File.WriteAllText(Path.Combine(Root, "htpasswd"), htpasswd.Out);
        File.WriteAllText(Path.Combine(Root, "config.yml"), $"""
            version: 0.1
            storage:
              filesystem:
                rootdirectory: {Root}/data
            http:
              addr: {Address}
            auth:
              htpasswd:
                realm: test
                path: {Root}/htpasswd
            """);
        var psi = new ProcessStartInfo("docker-registry") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("serve");
        psi.ArgumentList.Add(Path.Combine(Root, "config.yml"));
        _registry = Process.Start(psi)!;
        _registry.OutputDataReceived += (_, _) => { };
        _registry.ErrorDataReceived += (_, _) => { };
        _registry.BeginOutputReadLine();
        _registry.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var c = new System.Net.Sockets.TcpClient();
                c.Connect(System.Net.IPAddress.Loopback, int.Parse(Address.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
                break;
            }
            catch (System.Net.Sockets.SocketException)
            {
                if (DateTime.UtcNow > deadline || _registry.HasExited) throw new InvalidOperationException("docker-registry did not start");
                Thread.Sleep(100);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_registry.HasExited)
            {
                _registry.Kill();
                _registry.WaitForExit(10_000);
            }
        }
        finally
        {
            _registry.Dispose();
            Directory.Delete(Root, recursive: true);
        }
    }
}
