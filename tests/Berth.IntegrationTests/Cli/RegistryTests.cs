using System.Text.Json;

namespace Berth.IntegrationTests.Cli;

/// <summary>login (config.json written), push and pull (X-Registry-Auth, progress as plain lines), logout.</summary>
[Trait("Category", "Integration")]
public sealed class RegistryTests(DockerdFixture daemon) : IClassFixture<DockerdFixture>, IDisposable
{
    private readonly RegistryFixture _registry = new();

    private (ProcessRunner.Result, ProcessRunner.Result) Both(string configName, params string[] args)
    {
        var d = ProcessRunner.Run(Binaries.Docker, args, daemon.Env(Path.Combine(_registry.Root, "docker-" + configName)));
        var b = ProcessRunner.Run(Binaries.Berth, args, daemon.Env(Path.Combine(_registry.Root, "berth-" + configName)));
        return (d, b);
    }

    [Fact]
    public void LoginPushPullLogoutMatchDocker()
    {
        string repo = _registry.Address + "/cli-test";
        var (d, b) = Both("cfg", "login", "-u", RegistryFixture.User, "--password-stdin", _registry.Address);
        // --password-stdin reads stdin: run again feeding the password
        d = ProcessRunner.Run(Binaries.Docker, ["login", "-u", RegistryFixture.User, "--password-stdin", _registry.Address],
            daemon.Env(Path.Combine(_registry.Root, "docker-cfg")), RegistryFixture.Password + "\n");
        b = ProcessRunner.Run(Binaries.Berth, ["login", "-u", RegistryFixture.User, "--password-stdin", _registry.Address],
            daemon.Env(Path.Combine(_registry.Root, "berth-cfg")), RegistryFixture.Password + "\n");
        Assert.Equal((0, "Login Succeeded\n"), (d.Code, d.Out));
        Assert.Equal((d.Code, d.Out), (b.Code, b.Out));
        Assert.Equal(d.Err.Replace("docker-cfg", "berth-cfg"), b.Err);
        string dockerConfig = File.ReadAllText(Path.Combine(_registry.Root, "docker-cfg", "config.json"));
        string berthConfig = File.ReadAllText(Path.Combine(_registry.Root, "berth-cfg", "config.json"));
        using (var dj = JsonDocument.Parse(dockerConfig))
        using (var bj = JsonDocument.Parse(berthConfig))
            Assert.Equal(dj.RootElement.GetProperty("auths").GetRawText(), bj.RootElement.GetProperty("auths").GetRawText());

        daemon.Docker("tag", "busybox", repo + ":d");
        daemon.Docker("tag", "busybox", repo + ":b");
        var pd = ProcessRunner.Run(Binaries.Docker, ["push", repo + ":d"], daemon.Env(Path.Combine(_registry.Root, "docker-cfg")));
        var pb = ProcessRunner.Run(Binaries.Berth, ["push", repo + ":b"], daemon.Env(Path.Combine(_registry.Root, "berth-cfg")));
        Assert.Equal(0, pd.Code);
        Assert.Equal(0, pb.Code);
        Assert.Contains("The push refers to repository [" + repo + "]", pb.Out);
        Assert.Contains("b: digest: sha256:", pb.Out);

        daemon.Docker("rmi", repo + ":d", repo + ":b");
        var ld = ProcessRunner.Run(Binaries.Docker, ["pull", repo + ":d"], daemon.Env(Path.Combine(_registry.Root, "docker-cfg")));
        var lb = ProcessRunner.Run(Binaries.Berth, ["pull", repo + ":b"], daemon.Env(Path.Combine(_registry.Root, "berth-cfg")));
        Assert.Equal(0, ld.Code);
        // only the tag differs (a bare ":d" would also hit digests that start with d)
        Assert.Equal((ld.Code, ld.Out.Replace(repo + ":d", repo + ":b").Replace("d: Pulling", "b: Pulling")), (lb.Code, lb.Out));
        Assert.Equal(ld.Err, lb.Err);

        // a missing tag fails with the daemon's error, from the in-band errorDetail
        var md = ProcessRunner.Run(Binaries.Docker, ["pull", repo + ":missing"], daemon.Env(Path.Combine(_registry.Root, "docker-cfg")));
        var mb = ProcessRunner.Run(Binaries.Berth, ["pull", repo + ":missing"], daemon.Env(Path.Combine(_registry.Root, "berth-cfg")));
        Assert.Equal(md.Code, mb.Code);
        Assert.Equal(md.Err, mb.Err);

        (d, b) = Both("cfg", "logout", _registry.Address);
        Assert.Equal((d.Code, d.Out, d.Err), (b.Code, b.Out, b.Err));
        daemon.Docker("rmi", repo + ":d", repo + ":b");
    }

    [Fact]
    public void PushWithoutCredentialsIsRefused()
    {
        string repo = _registry.Address + "/noauth";
        daemon.Docker("tag", "busybox", repo + ":1");
        var (d, b) = Both("empty", "push", repo + ":1");
        Assert.NotEqual(0, d.Code);
        Assert.Equal(d.Code, b.Code);
        Assert.Equal(d.Out, b.Out);
        Assert.Equal(d.Err, b.Err);
        daemon.Docker("rmi", repo + ":1");
    }

    public void Dispose() => _registry.Dispose();
}
