using System.Text.Json;
using Berth.IntegrationTests.Daemon;

namespace Berth.IntegrationTests.Engine;

/// <summary>Health checks from --health-* flags and image HEALTHCHECK: status in inspect/ps, health_status events.</summary>
[Trait("Category", "Integration")]
[Collection("engine")]
public sealed class HealthTests(BerthdFixture daemon) : EngineTest(daemon)
{
    [Fact]
    public void HealthCmdGoesFromStartingToHealthyOrUnhealthy()
    {
        string good = Container("healthy"), bad = Container("unhealthy");
        long since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
        Ok("run", "-d", "--name", good, "--health-cmd", "test -f /tmp/ready", "--health-interval", "1s", "--health-retries", "1",
            "--health-start-period", "30s", "busybox", "sh", "-c", "sleep 3; touch /tmp/ready; sleep 300");
        Ok("run", "-d", "--name", bad, "--health-cmd", "echo failing; exit 1", "--health-interval", "1s", "--health-retries", "2",
            "busybox", "sleep", "300");
        Assert.Equal("starting", Ok("inspect", "-f", "{{.State.Health.Status}}", good).Trim());
        WaitFor(() => Ok("inspect", "-f", "{{.State.Health.Status}}", good).Trim() == "healthy", 30, "healthy");
        WaitFor(() => Ok("inspect", "-f", "{{.State.Health.Status}}", bad).Trim() == "unhealthy", 30, "unhealthy");
        Assert.Contains("(healthy)", Ok("ps", "--filter", "name=" + good, "--format", "{{.Status}}"));
        Assert.Contains("(unhealthy)", Ok("ps", "--filter", "name=" + bad, "--format", "{{.Status}}"));
        Assert.Contains(good, Lines(Ok("ps", "--filter", "health=healthy", "--format", "{{.Names}}")));
        Assert.Contains(bad, Lines(Ok("ps", "--filter", "health=unhealthy", "--format", "{{.Names}}")));
        using var health = JsonDocument.Parse(Ok("inspect", "-f", "{{json .State.Health}}", bad));
        Assert.True(health.RootElement.GetProperty("FailingStreak").GetInt32() >= 2);
        var last = health.RootElement.GetProperty("Log").EnumerateArray().Last();
        Assert.Equal(1, last.GetProperty("ExitCode").GetInt32());
        Assert.Equal("failing\n", last.GetProperty("Output").GetString());
        // Failures inside the start period did not count: the good one never went unhealthy. (--until 0s is sent
        // as whole seconds: let the last event be a second old.)
        Thread.Sleep(1100);
        var events = Lines(Ok("events", "--since", since.ToString(), "--until", "0s", "--filter", "event=health_status",
            "--format", "{{.Action}} {{.Actor.Attributes.name}}"));
        Assert.Contains("health_status: healthy " + good, events);
        Assert.DoesNotContain("health_status: unhealthy " + good, events);
        Assert.Contains("health_status: unhealthy " + bad, events);
        // Restart policies do not look at health: the unhealthy one keeps running.
        Assert.Equal("running", Ok("inspect", "-f", "{{.State.Status}}", bad).Trim());
    }

    [Fact]
    public void ImageHealthcheckIsUsedUnlessDisabled()
    {
        string maker = Container("hcmaker"), image = Image("hc"), user = Container("hcuser"), off = Container("hcoff");
        Ok("create", "--name", maker, "busybox", "true");
        Ok("commit", "--change", "HEALTHCHECK --interval=1s --retries=1 CMD [\"true\"]", "--change", "CMD [\"sleep\", \"300\"]", maker, image);
        Ok("run", "-d", "--name", user, image);
        WaitFor(() => Ok("inspect", "-f", "{{.State.Health.Status}}", user).Trim() == "healthy", 30, "image healthcheck");
        Ok("run", "-d", "--name", off, "--no-healthcheck", image);
        Thread.Sleep(1500);
        Assert.Equal("null", Ok("inspect", "-f", "{{json .State.Health}}", off).Trim());
        Assert.DoesNotContain("health", Ok("ps", "--filter", "name=" + off, "--format", "{{.Status}}"));
    }
}
