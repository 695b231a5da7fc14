using System.Collections.Concurrent;
using System.Text;
using Berth.Engine.Containers;
using Berth.Engine.Exec;
using Berth.Engine.Filtering;
using Berth.Engine.Model;
using Berth.Runtime.ShimProtocol;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Health;

/// <summary>
/// Runs a container's HEALTHCHECK while it runs, as Docker's health monitor does: the probe (CMD, or CMD-SHELL
/// through the container's shell) is an exec in the container, every interval (start interval while starting within
/// the start period), killed after the timeout; the status goes starting → healthy / unhealthy after "retries"
/// failures in a row, with the last 5 results kept and a health_status event at each change. Restart policies do not
/// look at it (as in Docker).
/// </summary>
public sealed class HealthMonitor
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30), DefaultTimeout = TimeSpan.FromSeconds(30),
        DefaultStartInterval = TimeSpan.FromSeconds(5), ExecStartTimeout = TimeSpan.FromSeconds(30);
    public const int DefaultRetries = 3, MaxOutput = 4096;

    private readonly BerthEngine? _engine;
    private readonly ILogger? _log;
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new();

    public HealthMonitor() { }

    public HealthMonitor(BerthEngine engine)
    {
        _engine = engine;
        _log = engine.Loggers.CreateLogger("health");
    }

    /// <summary>The schedule and probe of a container's check; null when it has none (no test, or NONE).</summary>
    public sealed record Plan(List<string> Command, TimeSpan Interval, TimeSpan Timeout, TimeSpan StartPeriod, TimeSpan StartInterval, int Retries);

    public static Plan? PlanFor(ContainerConfig config)
    {
        var h = config.Healthcheck;
        if (h?.Test is not { Count: > 0 } test || test[0] == "NONE") return null;
        List<string> command;
        switch (test[0])
        {
            case "CMD": command = test.Skip(1).ToList(); break;
            case "CMD-SHELL":
                command = new List<string>(config.Shell is { Count: > 0 } shell ? shell : ["/bin/sh", "-c"]);
                command.AddRange(test.Skip(1));
                break;
            default: return null;
        }
        if (command.Count == 0) return null;
        static TimeSpan Or(long? ns, TimeSpan fallback) => ns is > 0 ? TimeSpan.FromTicks(ns.Value / 100) : fallback;
        return new Plan(command, Or(h.Interval, DefaultInterval), Or(h.Timeout, DefaultTimeout), Or(h.StartPeriod, TimeSpan.Zero),
            Or(h.StartInterval, DefaultStartInterval), h.Retries is > 0 ? (int)h.Retries.Value : DefaultRetries);
    }

    /// <summary>Called when a run starts (with the container's lock held): starts probing if it has a check.</summary>
    public void Start(Container c)
    {
        if (_engine is null || PlanFor(c.Record.Config) is not { } plan || c.Record.State.StartedAt is not { } started) return;
        var stop = new CancellationTokenSource();
        if (_running.TryRemove(c.Id, out var old)) old.Cancel();
        _running[c.Id] = stop;
        _ = Task.Run(() => MonitorAsync(c, plan, started, stop.Token));
    }

    /// <summary>Called when the run ends (lock held): stops probing without waiting for a probe in flight.</summary>
    public void Stop(Container c)
    {
        if (_running.TryRemove(c.Id, out var stop)) stop.Cancel();
    }

    private async Task MonitorAsync(Container c, Plan plan, DateTimeOffset started, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                bool starting = c.Record.State.Health?.Status == "starting";
                var interval = DateTimeOffset.UtcNow - started < plan.StartPeriod && starting ? plan.StartInterval : plan.Interval;
                await Task.Delay(interval, stop);
                var probeStart = DateTimeOffset.UtcNow;
                var result = await ProbeAsync(c, plan, stop);
                if (!await _engine!.Containers.RecordHealthAsync(c, started, result, plan.Retries, plan.StartPeriod, probeStart, stop)) return;
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            _log?.LogWarning("health monitor of {Id} stopped: {Message}", c.Id, e.Message);
        }
    }

    /// <summary>One probe: an exec of the command as the container's user in its working directory, output capped at 4 KiB.</summary>
    private async Task<HealthcheckResult> ProbeAsync(Container c, Plan plan, CancellationToken stop)
    {
        var start = DateTimeOffset.UtcNow;
        var execs = _engine!.Execs;
        var output = new FrameCapture();
        string? execId = null;
        try
        {
            execId = execs.Create(c.Id, new ExecCreateRequest
            {
                Cmd = plan.Command, AttachStdout = true, AttachStderr = true, Tty = false, Privileged = false,
                User = c.Record.Config.User, WorkingDir = c.Record.Config.WorkingDir, DetachKeys = "",
            });
            var exec = execs.PrepareStart(execId);
            var run = execs.RunAsync(exec, new ExecStartRequest { Detach = false, Tty = false }, output, CancellationToken.None);
            // The timeout counts from when the probe process runs (starting an exec may itself take a while).
            var startDeadline = DateTimeOffset.UtcNow + ExecStartTimeout;
            while (!exec.Running && !run.IsCompleted)
            {
                if (DateTimeOffset.UtcNow > startDeadline) return Result(start, -1, $"timed out starting health check for container {c.Id}");
                await Task.Delay(5, stop);
            }
            var finished = await Task.WhenAny(run, Task.Delay(plan.Timeout, stop));
            if (finished != run)
            {
                if (c.Shim is { } shim)
                {
                    try { await shim.CallAsync(new ShimRequest { Op = "kill", ExecId = execId, Signal = 9 }); }
                    catch (Errors.EngineException) { }
                }
                await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
                string text = output.Text();
                string seconds = FormatDuration(plan.Timeout);
                return Result(start, -1, text.Length > 0 ? $"Health check exceeded timeout ({seconds}): {text}" : $"Health check exceeded timeout ({seconds})");
            }
            await run;
            return Result(start, exec.ExitCode ?? -1, output.Text());
        }
        catch (OperationCanceledException) { throw; }
        catch (Exception e)
        {
            return Result(start, -1, e.Message);
        }
        finally
        {
            if (execId is not null)
            {
                execs.Forget(execId);
                lock (c.ExecIds) c.ExecIds.Remove(execId);
            }
        }
    }

    private static HealthcheckResult Result(DateTimeOffset start, long exitCode, string output) => new()
    {
        Start = Timestamps.Format(start), End = Timestamps.Format(DateTimeOffset.UtcNow), ExitCode = exitCode, Output = output,
    };

    /// <summary>Go's time.Duration text for whole and fractional seconds ("30s", "1.5s", "100ms").</summary>
    internal static string FormatDuration(TimeSpan d)
    {
        if (d.TotalSeconds >= 1) return d.TotalSeconds.ToString("0.#########", System.Globalization.CultureInfo.InvariantCulture) + "s";
        return d.TotalMilliseconds.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture) + "ms";
    }

    /// <summary>Collects an exec's multiplexed output (stdout and stderr in order), keeping the first 4 KiB as Docker does.</summary>
    internal sealed class FrameCapture : Stream
    {
        private readonly MemoryStream _raw = new();
        private readonly object _lock = new();

        public string Text()
        {
            byte[] data;
            lock (_lock) data = _raw.ToArray();
            var payload = new MemoryStream();
            int i = 0;
            while (i + 8 <= data.Length)
            {
                int size = (data[i + 4] << 24) | (data[i + 5] << 16) | (data[i + 6] << 8) | data[i + 7];
                int take = Math.Min(size, data.Length - i - 8);
                payload.Write(data, i + 8, take);
                i += 8 + size;
            }
            var bytes = payload.ToArray();
            bool truncated = bytes.Length > MaxOutput;
            string text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, MaxOutput));
            return truncated ? text + "..." : text;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_lock) if (_raw.Length < 4 * MaxOutput) _raw.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_lock) if (_raw.Length < 4 * MaxOutput) _raw.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
