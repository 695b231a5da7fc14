using System.Text.Json;

namespace Berth.IntegrationTests.Daemon;

/// <summary>Bad input straight over HTTP: Docker's status codes and error shape, and nothing created.</summary>
[Trait("Category", "Integration")]
public sealed class ApiEdgeCaseTests : IClassFixture<BerthdFixture>
{
    private readonly BerthdFixture _d;
    private readonly HttpClient _http;

    public ApiEdgeCaseTests(BerthdFixture daemon)
    {
        _d = daemon;
        _http = UnixHttp.Create(daemon.Socket);
    }

    private static string Message(string body) => JsonDocument.Parse(body).RootElement.GetProperty("message").GetString()!;

    private int ContainerCount() => _d.Docker("ps", "-aq").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

    [Fact]
    public async Task PingAnswersWithTheHeadersTheCliReads()
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/_ping"));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("1.50", response.Headers.GetValues("Api-Version").Single());
        Assert.Equal("linux", response.Headers.GetValues("Ostype").Single());
        var (status, body) = await _http.SendAsync("GET", "/_ping");
        Assert.Equal((200, "OK"), (status, body));
    }

    [Fact]
    public async Task VersionsOutsideTheRangeAreRefused()
    {
        var (status, body) = await _http.SendAsync("GET", "/v1.99/version");
        Assert.Equal(400, status);
        Assert.Equal("client version 1.99 is too new. Maximum supported API version is 1.50", Message(body));
        (status, body) = await _http.SendAsync("GET", "/v1.12/version");
        Assert.Equal(400, status);
        Assert.StartsWith("client version 1.12 is too old", Message(body));
        Assert.Equal(200, (await _http.SendAsync("GET", "/v1.24/version")).Status);
    }

    [Fact]
    public async Task UnknownPathIsA404InDockersShape()
    {
        var (status, body) = await _http.SendAsync("GET", "/v1.50/nothing/here");
        Assert.Equal(404, status);
        Assert.Equal("page not found", Message(body));
    }

    [Fact]
    public async Task MalformedJsonIsA400AndCreatesNothing()
    {
        int before = ContainerCount();
        var (status, body) = await _http.SendAsync("POST", "/v1.50/containers/create", "{\"Image\": \"busybox\", ");
        Assert.Equal(400, status);
        Assert.Contains("invalid JSON", Message(body));
        Assert.Equal(before, ContainerCount());
    }

    [Fact]
    public async Task WrongTypeNamesTheField()
    {
        var (status, body) = await _http.SendAsync("POST", "/v1.50/containers/create", "{\"Image\": \"busybox\", \"Cmd\": [\"true\"], \"HostConfig\": {\"Memory\": \"lots\"}}");
        Assert.Equal(400, status);
        Assert.Contains("Memory", Message(body));
    }

    [Fact]
    public async Task InvalidNameIsA400()
    {
        var (status, body) = await _http.SendAsync("POST", "/v1.50/containers/create?name=bad%20name!", "{\"Image\": \"busybox\", \"Cmd\": [\"true\"]}");
        Assert.Equal(400, status);
        Assert.Contains("Invalid container name", Message(body));
    }

    [Fact]
    public async Task NameInUseIsA409()
    {
        Assert.Equal(201, (await _http.SendAsync("POST", "/v1.50/containers/create?name=edge-dup", "{\"Image\": \"busybox\", \"Cmd\": [\"true\"]}")).Status);
        try
        {
            var (status, body) = await _http.SendAsync("POST", "/v1.50/containers/create?name=edge-dup", "{\"Image\": \"busybox\", \"Cmd\": [\"true\"]}");
            Assert.Equal(409, status);
            Assert.Contains("is already in use", Message(body));
        }
        finally { _d.Docker("rm", "-f", "edge-dup"); }
    }

    [Fact]
    public async Task MissingImageIsA404SoTheCliPulls()
    {
        var (status, body) = await _http.SendAsync("POST", "/v1.50/containers/create", "{\"Image\": \"no-such-image:v9\"}");
        Assert.Equal(404, status);
        Assert.Equal("No such image: no-such-image:v9", Message(body));
    }

    [Theory]
    [InlineData("{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Memory\":1024}}", "Minimum memory limit allowed is 6MB")]
    [InlineData("{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Binds\":[\"relative:path\"]}}", "invalid volume specification")]
    [InlineData("{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"sometimes\"}}}", "invalid restart policy")]
    [InlineData("{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"CapAdd\":[\"CAP_FLY\"]}}", "unknown capability")]
    [InlineData("{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/no/such/dir\",\"Target\":\"/x\"}]}}", "bind source path does not exist")]
    [InlineData("{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"NanoCpus\":1000000000000}}", "Range of CPUs")]
    public async Task InvalidLimitsAndMountsAre400sAndCreateNothing(string json, string expected)
    {
        int before = ContainerCount();
        var (status, body) = await _http.SendAsync("POST", "/v1.50/containers/create", json);
        Assert.Equal(400, status);
        Assert.Contains(expected, Message(body));
        Assert.Equal(before, ContainerCount());
    }

    [Fact]
    public async Task OperationsOnAMissingContainerAre404s()
    {
        foreach (var (method, path) in new[] { ("POST", "start"), ("POST", "stop"), ("POST", "kill"), ("GET", "json"), ("POST", "wait"), ("GET", "logs?stdout=1") })
        {
            var (status, body) = await _http.SendAsync(method, $"/v1.50/containers/nope-nope/{path}");
            Assert.Equal(404, status);
            Assert.Equal("No such container: nope-nope", Message(body));
        }
    }

    [Fact]
    public async Task StartingARunningContainerIsNotModified()
    {
        Assert.Equal(0, _d.Docker("run", "-d", "--name", "edge-run", "busybox", "sleep", "300").Code);
        try
        {
            Assert.Equal(304, (await _http.SendAsync("POST", "/v1.50/containers/edge-run/start")).Status);
            Assert.Equal(409, (await _http.SendAsync("POST", "/v1.50/containers/edge-run/unpause")).Status);
        }
        finally { _d.Docker("rm", "-f", "edge-run"); }
    }

    [Fact]
    public async Task AClientThatLeavesAFollowedLogLeavesNothingHanging()
    {
        Assert.Equal(0, _d.Docker("run", "-d", "--name", "edge-logs", "busybox", "sh", "-c", "while true; do echo x; sleep 0.1; done").Code);
        try
        {
            using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
            {
                try
                {
                    using var response = await _http.GetAsync("/v1.50/containers/edge-logs/logs?stdout=1&follow=1", HttpCompletionOption.ResponseHeadersRead, cts.Token);
                    var stream = await response.Content.ReadAsStreamAsync(cts.Token);
                    var buffer = new byte[256];
                    while (await stream.ReadAsync(buffer, cts.Token) > 0) { }
                }
                catch (OperationCanceledException) { }
            }
            // The daemon still answers, and the container is untouched.
            Assert.Equal("running", _d.Docker("inspect", "-f", "{{.State.Status}}", "edge-logs").Out.Trim());
        }
        finally { _d.Docker("rm", "-f", "edge-logs"); }
    }
}
