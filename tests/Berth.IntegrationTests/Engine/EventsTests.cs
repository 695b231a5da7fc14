using System.Diagnostics;
using System.Text;
using Berth.IntegrationTests.Cli;
using Berth.IntegrationTests.Daemon;

namespace Berth.IntegrationTests.Engine;

/// <summary>docker events: live with filters while things happen, and replays bounded by --since/--until.</summary>
[Trait("Category", "Integration")]
[Collection("engine")]
public sealed class EventsTests(BerthdFixture daemon) : EngineTest(daemon)
{
    /// <summary>A docker events process reading in the background; killed (by PID) on dispose.</summary>
    private sealed class EventsWatcher : IDisposable
    {
        private readonly Process _p;
        private readonly StringBuilder _out = new();

        public EventsWatcher(BerthdFixture d, params string[] args)
        {
            var psi = new ProcessStartInfo(Binaries.Docker) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("events");
            foreach (var a in args) psi.ArgumentList.Add(a);
            foreach (var (k, v) in d.Env) psi.Environment[k] = v;
            _p = Process.Start(psi)!;
            _p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
            _p.BeginOutputReadLine();
            _p.BeginErrorReadLine();
            Thread.Sleep(500); // subscribed before the test acts
        }

        public string[] Lines { get { lock (_out) return _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries); } }

        public void Dispose()
        {
            try { if (!_p.HasExited) _p.Kill(); } catch (InvalidOperationException) { }
            _p.WaitForExit(5000);
            _p.Dispose();
        }
    }

    [Fact]
    public void LiveEventsWithFiltersAsThingsHappen()
    {
        string c = Container("ev"), vol = Volume("ev");
        using var containerOnly = new EventsWatcher(D, "--filter", "container=" + c, "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}");
        using var volumes = new EventsWatcher(D, "--filter", "type=volume", "--filter", "volume=" + vol, "--format", "{{.Action}} {{.Actor.ID}}");
        using var starts = new EventsWatcher(D, "--filter", "event=start", "--filter", "event=die", "--filter", "label=it5=" + Tag, "--format", "{{.Action}}");
        Ok("run", "--name", c, "--label", "it5=" + Tag, "-v", vol + ":/v", "busybox", "true");
        Ok("rm", c);
        Ok("volume", "rm", vol);
        WaitFor(() => containerOnly.Lines.Any(l => l.StartsWith("container destroy")) && volumes.Lines.Any(l => l.StartsWith("destroy")),
            what: "destroy events");
        var actions = containerOnly.Lines.Select(l => string.Join(' ', l.Split(' ').Take(2))).ToList();
        string[] expected = ["container create", "container start", "container die", "container destroy"];
        int at = -1;
        foreach (var e in expected)
        {
            int next = actions.IndexOf(e, at + 1);
            Assert.True(next > at, $"{e} missing or out of order in: {string.Join(", ", actions)}");
            at = next;
        }
        Assert.All(containerOnly.Lines, l => Assert.EndsWith(" " + c, l));
        Assert.Equal(["create " + vol, "mount " + vol, "unmount " + vol, "destroy " + vol], volumes.Lines);
        WaitFor(() => starts.Lines.Length >= 2, what: "start/die events");
        Assert.Equal(["start", "die"], starts.Lines);
    }

    [Fact]
    public void SinceAndUntilReplayAWindowAndEnd()
    {
        string before = Volume("before"), inside = Volume("inside"), after = Volume("after");
        Ok("volume", "create", before);
        Thread.Sleep(1100);
        long since = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Thread.Sleep(100);
        Ok("volume", "create", inside);
        Thread.Sleep(1100);
        long until = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Thread.Sleep(1100);
        Ok("volume", "create", after);
        var r = ProcessRunner.Run(Binaries.Docker, ["events", "--since", since.ToString(), "--until", until.ToString(),
            "--filter", "type=volume", "--format", "{{.Action}} {{.Actor.ID}}"], D.Env, timeout: TimeSpan.FromSeconds(20));
        Assert.Equal(0, r.Code);
        var lines = Lines(r.Out);
        Assert.Contains("create " + inside, lines);
        Assert.DoesNotContain("create " + before, lines);
        Assert.DoesNotContain("create " + after, lines);
        // A relative since with an until of now ends at once too (the CLI sends durations as whole seconds, so the
        // event must be at least a second old).
        Thread.Sleep(1100);
        var relative = ProcessRunner.Run(Binaries.Docker, ["events", "--since", "1m", "--until", "0s", "--filter", "volume=" + after,
            "--format", "{{.Action}}"], D.Env, timeout: TimeSpan.FromSeconds(20));
        Assert.Equal(["create"], Lines(relative.Out));
    }
}
