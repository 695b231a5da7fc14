namespace Berth.IntegrationTests.Daemon;

/// <summary>Live restore: berthd stopped or kill -9'ed while containers run; the next berthd adopts them.</summary>
[Trait("Category", "Integration")]
public sealed class DaemonRestartTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RunningContainersSurviveADaemonRestart(bool kill)
    {
        using var d = new BerthdFixture();
        Assert.Equal(0, d.Docker("run", "-d", "--name", "survivor", "busybox", "sh", "-c",
            "trap 'exit 0' TERM; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done").Code);
        ContainerLifecycleTests.WaitFor(() => d.Docker("logs", "survivor").Out.Contains("tick 1"));
        d.Stop(kill);
        Thread.Sleep(1000);
        d.Start();
        Assert.Equal("running", d.Docker("inspect", "-f", "{{.State.Status}}", "survivor").Out.Trim());
        // Logs kept flowing while the daemon was away, and exec and stop still work.
        int before = d.Docker("logs", "survivor").Out.Split('\n').Length;
        ContainerLifecycleTests.WaitFor(() => d.Docker("logs", "survivor").Out.Split('\n').Length > before);
        var exec = d.Docker("exec", "survivor", "echo", "still here");
        Assert.Equal("still here\n", exec.Out);
        Assert.Equal(0, d.Docker("stop", "survivor").Code);
        Assert.Equal("exited 0", d.Docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "survivor").Out.Trim());
    }

    [Fact]
    public void AnExitWhileTheDaemonIsDownIsRecorded()
    {
        using var d = new BerthdFixture();
        Assert.Equal(0, d.Docker("run", "-d", "--name", "quitter", "busybox", "sh", "-c", "sleep 1; exit 7").Code);
        d.Stop(kill: true);
        Thread.Sleep(2500);
        d.Start();
        ContainerLifecycleTests.WaitFor(() => d.Docker("inspect", "-f", "{{.State.Status}}", "quitter").Out.Trim() == "exited");
        Assert.Equal("7", d.Docker("inspect", "-f", "{{.State.ExitCode}}", "quitter").Out.Trim());
    }

    [Fact]
    public void RestartPoliciesHoldAcrossADaemonRestart()
    {
        using var d = new BerthdFixture();
        Assert.Equal(0, d.Docker("run", "-d", "--name", "always", "--restart", "always", "busybox", "sh", "-c", "sleep 1; exit 3").Code);
        Assert.Equal(0, d.Docker("run", "-d", "--name", "twice", "--restart", "on-failure:2", "busybox", "sh", "-c", "exit 5").Code);
        ContainerLifecycleTests.WaitFor(() => int.Parse(d.Docker("inspect", "-f", "{{.RestartCount}}", "always").Out.Trim()) >= 1, 20);
        ContainerLifecycleTests.WaitFor(() => d.Docker("inspect", "-f", "{{.State.Status}} {{.RestartCount}}", "twice").Out.Trim() == "exited 2", 20);
        d.Stop(kill: true);
        d.Start();
        int count = int.Parse(d.Docker("inspect", "-f", "{{.RestartCount}}", "always").Out.Trim());
        ContainerLifecycleTests.WaitFor(() => int.Parse(d.Docker("inspect", "-f", "{{.RestartCount}}", "always").Out.Trim()) > count, 20);
        Assert.Equal(0, d.Docker("stop", "always").Code);
        Thread.Sleep(2500);
        Assert.Equal("exited", d.Docker("inspect", "-f", "{{.State.Status}}", "always").Out.Trim());
    }
}
