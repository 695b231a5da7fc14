using System.Text;
using Berth.Registry.Auth;

namespace Berth.Registry.Tests;

public class AuthTests
{
    [Fact]
    public void ParsesBearerChallenges()
    {
        var c = AuthChallenge.Parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/alpine:pull,push\"")!;
        Assert.Equal("Bearer", c.Scheme);
        Assert.Equal("https://auth.docker.io/token", c.Realm);
        Assert.Equal("registry.docker.io", c.Service);
        Assert.Equal("repository:library/alpine:pull,push", c.Scope);
        Assert.Equal("realm", AuthChallenge.Parse("Basic realm=\"realm\"")!.Realm);
        Assert.Null(AuthChallenge.Parse(""));
    }

    [Fact]
    public void DecodesXRegistryAuth()
    {
        string json = "{\"username\":\"u\",\"password\":\"p\",\"serveraddress\":\"localhost:5000\"}";
        string header = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var a = AuthConfig.FromHeader(header)!;
        Assert.Equal(("u", "p"), a.Basic());
        Assert.Null(AuthConfig.FromHeader(Convert.ToBase64String("{}"u8)));
        Assert.Throws<Images.ImageException>(() => AuthConfig.FromHeader("%%%"));
    }

    [Fact]
    public async Task ReadsDockerConfigAuthsAndHelpers()
    {
        string dir = Directory.CreateTempSubdirectory("berth-auth-").FullName;
        try
        {
            string helper = Path.Combine(dir, "docker-credential-berthtest");
            File.WriteAllText(helper, "#!/bin/sh\nread url\nif [ \"$url\" = \"helped.example:5000\" ]; then echo '{\"ServerURL\":\"x\",\"Username\":\"hu\",\"Secret\":\"hs\"}'; else echo 'credentials not found in native keychain'; exit 1; fi\n");
            File.SetUnixFileMode(helper, (UnixFileMode)0x1ED);
            string config = Path.Combine(dir, "config.json");
            string hub = Convert.ToBase64String("hub:secret"u8), local = Convert.ToBase64String("local:pw"u8);
            File.WriteAllText(config, "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + hub + "\"},\"localhost:5000\":{\"auth\":\"" + local
                + "\"}},\"credHelpers\":{\"helped.example:5000\":\"berthtest\"}}");
            string? oldPath = Environment.GetEnvironmentVariable("PATH");
            Environment.SetEnvironmentVariable("PATH", dir + ":" + oldPath);
            try
            {
                var creds = new DockerConfigCredentials(config);
                Assert.Equal(("hub", "secret"), (await creds.GetAsync("docker.io"))!.Basic());
                Assert.Equal(("local", "pw"), (await creds.GetAsync("localhost:5000"))!.Basic());
                Assert.Equal(("hu", "hs"), (await creds.GetAsync("helped.example:5000"))!.Basic());
                Assert.Null(await creds.GetAsync("elsewhere.example"));
            }
            finally
            {
                Environment.SetEnvironmentVariable("PATH", oldPath);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("https://index.docker.io/v1/", "docker.io")]
    [InlineData("http://localhost:5000/v2/", "localhost:5000")]
    [InlineData("ghcr.io", "ghcr.io")]
    public void NormalisesConfigKeys(string key, string registry) => Assert.Equal(registry, DockerConfigCredentials.Normalize(key));
}
