using System.Text;
using Berth.Engine.Health;
using Berth.Engine.Model;

namespace Berth.Engine.Tests.Health;

/// <summary>What a HEALTHCHECK turns into: the probe command and Docker's defaults; the probe output capture.</summary>
public sealed class HealthPlanTests
{
    [Fact]
    public void CmdShellGoesThroughTheShellAndDefaultsApply()
    {
        var plan = HealthMonitor.PlanFor(new ContainerConfig { Healthcheck = new HealthConfig { Test = ["CMD-SHELL", "test -f /ok"] } })!;
        Assert.Equal(["/bin/sh", "-c", "test -f /ok"], plan.Command);
        Assert.Equal(TimeSpan.FromSeconds(30), plan.Interval);
        Assert.Equal(TimeSpan.FromSeconds(30), plan.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), plan.StartInterval);
        Assert.Equal(3, plan.Retries);
    }

    [Fact]
    public void CmdAndFlagsAreTakenAsGiven()
    {
        var plan = HealthMonitor.PlanFor(new ContainerConfig
        {
            Shell = ["/bin/bash", "-o", "pipefail", "-c"],
            Healthcheck = new HealthConfig { Test = ["CMD", "true"], Interval = 1_000_000_000, Timeout = 500_000_000, Retries = 5, StartPeriod = 2_000_000_000 },
        })!;
        Assert.Equal(["true"], plan.Command);
        Assert.Equal(TimeSpan.FromSeconds(1), plan.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), plan.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(2), plan.StartPeriod);
        Assert.Equal(5, plan.Retries);
        var shellPlan = HealthMonitor.PlanFor(new ContainerConfig { Shell = ["/bin/bash", "-c"], Healthcheck = new HealthConfig { Test = ["CMD-SHELL", "x"] } })!;
        Assert.Equal(["/bin/bash", "-c", "x"], shellPlan.Command);
    }

    [Fact]
    public void NoneOrNothingDisables()
    {
        Assert.Null(HealthMonitor.PlanFor(new ContainerConfig { Healthcheck = new HealthConfig { Test = ["NONE"] } }));
        Assert.Null(HealthMonitor.PlanFor(new ContainerConfig()));
        Assert.Null(HealthMonitor.PlanFor(new ContainerConfig { Healthcheck = new HealthConfig { Test = ["CMD"] } }));
    }

    [Fact]
    public void DurationsPrintLikeGo()
    {
        Assert.Equal("30s", HealthMonitor.FormatDuration(TimeSpan.FromSeconds(30)));
        Assert.Equal("1.5s", HealthMonitor.FormatDuration(TimeSpan.FromMilliseconds(1500)));
        Assert.Equal("100ms", HealthMonitor.FormatDuration(TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void CaptureDemultiplexesAndCapsAt4KiB()
    {
        var capture = new HealthMonitor.FrameCapture();
        void Frame(byte stream, string text)
        {
            var payload = Encoding.UTF8.GetBytes(text);
            capture.Write([stream, 0, 0, 0, (byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length]);
            capture.Write(payload);
        }
        Frame(1, "out ");
        Frame(2, "err\n");
        Assert.Equal("out err\n", capture.Text());
        Frame(1, new string('x', 5000));
        string text = capture.Text();
        Assert.Equal(4096 + 3, text.Length);
        Assert.EndsWith("...", text);
    }
}
