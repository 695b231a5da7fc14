namespace Berth.IntegrationTests.Cli;

/// <summary>
/// `berth create` sends the daemon the same Config/HostConfig/NetworkingConfig JSON as the docker CLI for the same
/// flags, captured by a logging proxy in front of dockerd.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RequestComparisonTests(DockerdFixture daemon) : IClassFixture<DockerdFixture>
{
    public static IEnumerable<object[]> FlagSets() =>
    [
        [new[] { "busybox", "true" }],
        [new[] { "-it", "busybox", "sh" }],
        [new[] { "-e", "FOO", "-e", "BAR=1", "--env-file", "/dev/null", "busybox", "true" }],
        [new[] { "--name", "req1", "-w", "/tmp", "-u", "1000:1000", "--entrypoint", "/bin/sh", "busybox", "-c", "true" }],
        [new[] { "--entrypoint", "", "busybox", "true" }],
        [new[] { "--restart", "on-failure:3", "--memory", "1g", "--memory-swap", "-1", "--cpus", "0.5", "--cpu-shares", "512", "--cpuset-cpus", "0", "--pids-limit", "100", "busybox", "true" }],
        [new[] { "--ulimit", "nofile=1024:2048", "--ulimit", "nproc=100", "--cap-add", "net_admin", "--cap-drop", "ALL", "--privileged", "busybox", "true" }],
        [new[] { "--security-opt", "no-new-privileges", "--security-opt", "seccomp=unconfined", "--tmpfs", "/run:rw,size=10m", "--read-only", "--init", "busybox", "true" }],
        [new[] { "--network", "none", "--dns", "8.8.8.8", "--dns-search", "example.com", "--dns-option", "ndots:2", "--add-host", "h:1.2.3.4", "--hostname", "hh", "busybox", "true" }],
        [new[] { "-l", "a=b", "--health-cmd", "true", "--health-interval", "5s", "--health-retries", "3", "--stop-signal", "SIGINT", "--stop-timeout", "5", "busybox", "true" }],
        [new[] { "-p", "127.0.0.1:8080-8081:80-81/udp", "-p", "9000", "--expose", "7000-7001", "-P", "busybox", "true" }],
        [new[] { "-v", "vol1:/data", "-v", "/tmp:/x:ro", "-v", "/anon", "--mount", "type=bind,src=/tmp,dst=/y,readonly", "--mount", "type=tmpfs,dst=/t,tmpfs-size=1m", "busybox", "true" }],
        [new[] { "--device", "/dev/null:/dev/mynull:rwm", "-a", "stdout", "-a", "STDERR", "busybox", "true" }],
        [new[] { "--log-driver", "json-file", "--log-opt", "max-size=1m", "--shm-size", "64m", "--oom-score-adj", "100", "--ipc", "private", "--pid", "host", "busybox", "true" }],
    ];

    [Theory]
    [MemberData(nameof(FlagSets))]
    public void CreateRequestsAreIdentical(string[] flags)
    {
        string dir = Directory.CreateTempSubdirectory("berth-cli-proxy-").FullName;
        try
        {
            using var proxy = new LoggingProxy(Path.Combine(dir, "proxy.sock"), daemon.Socket);
            var env = new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = "unix://" + proxy.Path,
                ["BERTH_HOST"] = "unix://" + proxy.Path,
                ["DOCKER_CONFIG"] = Path.Combine(dir, "config"),
                ["FOO"] = "from-environment",
            };
            var bodies = new List<string>();
            foreach (var cli in new[] { Binaries.Docker, Binaries.Berth })
            {
                proxy.Clear();
                var r = ProcessRunner.Run(cli, ["create", .. flags], env);
                Assert.True(r.Code == 0, $"{cli} create failed: {r.Err}");
                bodies.Add(WithSortedEnv(proxy.CreateBody()));
                daemon.Docker("rm", "-f", r.Out.Trim());
            }
            Assert.NotEqual("", bodies[0]);
            Assert.Equal(bodies[0], bodies[1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // docker rebuilds Env through a Go map, so its order is random: compare Env as a set.
    private static string WithSortedEnv(string body)
    {
        if (body == "") return body;
        var node = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        if (node["Env"] is System.Text.Json.Nodes.JsonArray env)
        {
            var sorted = env.Select(e => e!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();
            env.Clear();
            foreach (var e in sorted) env.Add(e);
        }
        return node.ToJsonString();
    }
}
