namespace Berth.IntegrationTests.Daemon;

/// <summary>The real docker CLI 28 against berthd: run, exit codes, logs, exec, stop, rm.</summary>
[Trait("Category", "Integration")]
public sealed class ContainerLifecycleTests : IClassFixture<BerthdFixture>
{
    private readonly BerthdFixture _d;

    public ContainerLifecycleTests(BerthdFixture daemon) => _d = daemon;

    [Fact]
    public void RunPrintsOutputAndRemovesTheContainer()
    {
        var r = _d.Docker("run", "--rm", "--name", "it-echo", "busybox", "echo", "hello from berth");
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal("hello from berth\n", r.Out);
        Assert.DoesNotContain("it-echo", _d.Docker("ps", "-a", "--format", "{{.Names}}").Out);
    }

    [Fact]
    public void RunExitsWithTheContainersStatus()
    {
        Assert.Equal(3, _d.Docker("run", "--rm", "busybox", "sh", "-c", "exit 3").Code);
        // PID 1 cannot be SIGKILLed from inside its namespace; a child killed by a signal gives its shell 128+N
        // (the trailing command keeps busybox sh from exec-ing the child as PID 1).
        Assert.Equal(137, _d.Docker("run", "--rm", "busybox", "sh", "-c", "sh -c 'kill -9 $$'; exit $?").Code);
    }

    [Fact]
    public void CommandNotFoundExits127WithDockersMessage()
    {
        var r = _d.Docker("run", "--rm", "busybox", "no-such-program");
        Assert.Equal(127, r.Code);
        Assert.Contains("no-such-program", r.Err);
    }

    [Fact]
    public void StdinIsPassedWithDashI()
    {
        var r = _d.DockerWithInput("line one\nline two\n", "run", "--rm", "-i", "busybox", "wc", "-l");
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal("2", r.Out.Trim());
    }

    [Fact]
    public void DetachedContainerLogsExecStopAndRemove()
    {
        var run = _d.Docker("run", "-d", "--name", "it-ticker", "busybox", "sh", "-c", "trap 'exit 0' TERM; echo started; while true; do sleep 0.1; done");
        Assert.True(run.Code == 0, run.Err);
        try
        {
            string id = run.Out.Trim();
            Assert.Equal(64, id.Length);
            WaitFor(() => _d.Docker("logs", "it-ticker").Out.Contains("started"));
            Assert.Equal("running", _d.Docker("inspect", "-f", "{{.State.Status}}", "it-ticker").Out.Trim());
            var exec = _d.Docker("exec", "it-ticker", "sh", "-c", "echo $((6*7)); exit 5");
            Assert.Equal(5, exec.Code);
            Assert.Equal("42\n", exec.Out);
            var stop = _d.Docker("stop", "it-ticker");
            Assert.True(stop.Code == 0, stop.Err);
            Assert.Equal("exited 0", _d.Docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "it-ticker").Out.Trim());
        }
        finally
        {
            _d.Docker("rm", "-f", "it-ticker");
        }
        Assert.NotEqual(0, _d.Docker("inspect", "it-ticker").Code);
    }

    [Fact]
    public void RemovingARunningContainerNeedsForce()
    {
        Assert.Equal(0, _d.Docker("run", "-d", "--name", "it-busy", "busybox", "sleep", "300").Code);
        try
        {
            var rm = _d.Docker("rm", "it-busy");
            Assert.NotEqual(0, rm.Code);
            Assert.Contains("stop the container before removing or force remove", rm.Err);
        }
        finally
        {
            Assert.Equal(0, _d.Docker("rm", "-f", "it-busy").Code);
        }
    }

    [Fact]
    public void KillEndsTheContainerWith137()
    {
        Assert.Equal(0, _d.Docker("run", "-d", "--name", "it-kill", "busybox", "sleep", "300").Code);
        try
        {
            Assert.Equal(0, _d.Docker("kill", "it-kill").Code);
            Assert.Equal("137", _d.Docker("wait", "it-kill").Out.Trim());
            Assert.Equal("exited 137", _d.Docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "it-kill").Out.Trim());
        }
        finally { _d.Docker("rm", "-f", "it-kill"); }
    }

    [Fact]
    public void UnknownContainerIsNotFound()
    {
        var r = _d.Docker("inspect", "--type", "container", "no-such-container");
        Assert.Equal(1, r.Code);
        Assert.Contains("No such container: no-such-container", r.Err);
    }

    internal static void WaitFor(Func<bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in time");
            Thread.Sleep(100);
        }
    }
}
