using Berth.Engine.Errors;
using Berth.Engine.Shims;
using Berth.Linux.Signals;
using Berth.Runtime.ShimProtocol;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>Holds a "wait" connection to the shim and handles the exit when it comes (or when the shim vanishes).</summary>
    private async Task WatchAsync(Container c, ShimClient shim)
    {
        ShimExit? exit = null;
        try
        {
            var response = await shim.CallAsync(new ShimRequest { Op = "wait" });
            exit = response.Exit;
        }
        catch (Exception e)
        {
            _log.LogDebug("wait on shim of {Id} ended: {Message}", c.Id, e.Message);
        }
        exit ??= ReadExitFile(c.Id) ?? new ShimExit { ExitCode = 255, FinishedAt = DateTimeOffset.UtcNow, Error = "the container's shim disappeared" };
        await OnExitAsync(c, shim, exit);
    }

    private ShimExit? ReadExitFile(string id)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize(File.ReadAllBytes(ExitFile(id)), ShimJsonContext.Default.ShimExit);
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException) { return null; }
    }

    /// <summary>A run ended: record it, clean up, tell waiters, then apply the restart policy or auto-remove.</summary>
    private async Task OnExitAsync(Container c, ShimClient shim, ShimExit exit)
    {
        bool restart;
        await c.Lock.WaitAsync();
        try
        {
            if (!ReferenceEquals(c.Shim, shim)) return;
            c.Shim = null;
            var r = c.Record;
            Health?.Stop(c);
            CleanupAfterRun(c);
            r.State.Status = "exited";
            r.State.Pid = 0;
            r.State.ExitCode = exit.ExitCode;
            r.State.OomKilled = exit.OomKilled;
            r.State.FinishedAt = exit.FinishedAt;
            r.State.Error = exit.Error ?? "";
            if (r.State.Health is not null) r.State.Health.Status = "unhealthy";
            restart = !c.StopRequested && ShouldRestart(c);
            if (restart)
            {
                r.RestartCount++;
                r.State.Status = "restarting";
            }
            Save(c);
            if (exit.OomKilled) Publish(c, "oom");
            Publish(c, "die", new() { ["exitCode"] = exit.ExitCode.ToString(), ["execDuration"] = ((int)((exit.FinishedAt - (r.State.StartedAt ?? exit.FinishedAt)).TotalSeconds)).ToString() });
            var finished = c.NextExit;
            c.NextExit = Container.NewExit();
            finished.TrySetResult(new ExitInfo(exit.ExitCode, exit.Error));
        }
        finally
        {
            c.Lock.Release();
        }

        if (restart)
        {
            _ = RestartLaterAsync(c);
        }
        else if (c.Record.HostConfig.AutoRemove == true)
        {
            try { await RemoveAsync(c.Id, force: true, removeVolumes: true, CancellationToken.None); }
            catch (Exception e) { _log.LogWarning("auto-remove of {Id} failed: {Message}", c.Id, e.Message); }
        }
    }

    /// <summary>Unmounts the rootfs, releases volumes and network, removes the bundle of the run that ended.</summary>
    private void CleanupAfterRun(Container c)
    {
        string id = c.Id;
        try { Networks?.DisconnectAfterStop(c); } catch (Exception e) { _log.LogWarning("network cleanup of {Id}: {Message}", id, e.Message); }
        foreach (var m in c.Record.Mounts.Where(m => m.Type == "volume")) Volumes.Release(m.Source, c.Id);
        try { _images.UnmountSnapshot(RootfsPath(id)); } catch (Exception e) { _log.LogWarning("unmount of {Id}: {Message}", id, e.Message); }
        TryDeleteDirectory(BundleDir(id));
        try { File.Delete(ShimSocket(id)); } catch { }
    }

    private bool ShouldRestart(Container c)
    {
        var policy = c.Record.HostConfig.RestartPolicy;
        return policy?.Name switch
        {
            "always" => true,
            "unless-stopped" => !c.Record.ManuallyStopped,
            "on-failure" => c.Record.State.ExitCode != 0 && (policy.MaximumRetryCount is null or 0 || c.Record.RestartCount < policy.MaximumRetryCount),
            _ => false,
        };
    }

    /// <summary>Docker's backoff: 100 ms doubling up to 1 min, reset after a run of 10 s or more.</summary>
    private async Task RestartLaterAsync(Container c)
    {
        var ran = (c.Record.State.FinishedAt ?? DateTimeOffset.UtcNow) - (c.Record.State.StartedAt ?? DateTimeOffset.UtcNow);
        c.RestartBackoffMs = ran >= TimeSpan.FromSeconds(10) ? 100 : Math.Min(Math.Max(100, c.RestartBackoffMs * 2), 60_000);
        var delay = new CancellationTokenSource();
        c.RestartDelay = delay;
        try { await Task.Delay(c.RestartBackoffMs, delay.Token); }
        catch (OperationCanceledException) { return; }
        await c.Lock.WaitAsync();
        try
        {
            if (c.StopRequested || c.Record.State.Status != "restarting" || !_byId.ContainsKey(c.Id)) return;
            await StartLockedAsync(c, CancellationToken.None);
        }
        catch (Exception e)
        {
            _log.LogWarning("restart of {Id} failed: {Message}", c.Id, e.Message);
            c.Record.State.Status = "exited";
            Save(c);
        }
        finally
        {
            c.Lock.Release();
        }
    }

    /// <summary>POST /containers/{id}/stop: the stop signal, then SIGKILL after the timeout (-1 waits forever).</summary>
    public async Task StopAsync(string idOrName, int? timeoutSeconds, string? signal, CancellationToken cancel)
    {
        var c = Get(idOrName);
        c.RestartDelay?.Cancel();
        if (c.Record.State.Status == "restarting")
        {
            c.StopRequested = true;
            c.Record.ManuallyStopped = true;
            c.Record.State.Status = "exited";
            Save(c);
            return;
        }
        if (!c.IsRunning) throw EngineException.NotModified();
        await StopRunningAsync(c, timeoutSeconds, signal, cancel);
    }

    private async Task StopRunningAsync(Container c, int? timeoutSeconds, string? signal, CancellationToken cancel)
    {
        var shim = c.Shim;
        if (shim is null) return;
        c.StopRequested = true;
        c.Record.ManuallyStopped = true;
        var exit = c.NextExit.Task;
        int sig = ParseSignal(signal ?? c.Record.Config.StopSignal ?? "SIGTERM");
        int timeout = timeoutSeconds ?? (int)(c.Record.Config.StopTimeout ?? 10);
        if (c.Record.State.Status == "paused") await TryCallAsync(shim, new ShimRequest { Op = "kill", Signal = SignalNames.SIGKILL, All = true });
        else await TryCallAsync(shim, new ShimRequest { Op = "kill", Signal = sig });
        if (timeout < 0) { await exit.WaitAsync(cancel); }
        else if (await Task.WhenAny(exit, Task.Delay(TimeSpan.FromSeconds(timeout), cancel)) != exit)
        {
            _log.LogInformation("container {Id} did not stop within {Timeout}s of {Signal}: killing it", c.Id, timeout, SignalNames.Name(sig));
            await TryCallAsync(shim, new ShimRequest { Op = "kill", Signal = SignalNames.SIGKILL, All = true });
            if (await Task.WhenAny(exit, Task.Delay(TimeSpan.FromSeconds(10), cancel)) != exit)
                throw EngineException.Internal($"container {c.Id} did not exit after SIGKILL");
        }
        Publish(c, "stop");
    }

    private static async Task TryCallAsync(ShimClient shim, ShimRequest request)
    {
        try { await shim.CallAsync(request); }
        catch (EngineException) { }
    }

    /// <summary>POST /containers/{id}/kill.</summary>
    public async Task KillAsync(string idOrName, string? signal, CancellationToken cancel)
    {
        var c = Get(idOrName);
        int sig = ParseSignal(string.IsNullOrEmpty(signal) ? "SIGKILL" : signal);
        if (!c.IsRunning || c.Shim is null) throw EngineException.Conflict($"Cannot kill container: {c.Id}: container {c.Id} is not running");
        if (sig == SignalNames.SIGKILL || sig == SignalNames.SIGTERM) { c.StopRequested = sig == SignalNames.SIGKILL || c.StopRequested; }
        if (sig == SignalNames.SIGKILL) c.Record.ManuallyStopped = true;
        await c.Shim.CallAsync(new ShimRequest { Op = "kill", Signal = sig, All = sig == SignalNames.SIGKILL }, cancel);
        Publish(c, "kill", new() { ["signal"] = sig.ToString() });
        if (sig == SignalNames.SIGKILL) await Task.WhenAny(c.NextExit.Task, Task.Delay(2000, cancel));
    }

    public static int ParseSignal(string text)
    {
        try { return SignalNames.Parse(text); }
        catch (ArgumentException) { throw EngineException.Invalid($"Invalid signal: {text}"); }
    }

    /// <summary>POST /containers/{id}/restart: stop (if running) then start.</summary>
    public async Task RestartAsync(string idOrName, int? timeoutSeconds, string? signal, CancellationToken cancel)
    {
        var c = Get(idOrName);
        if (c.IsRunning) await StopRunningAsync(c, timeoutSeconds, signal, cancel);
        await StartAsync(c.Id, cancel).ContinueWith(t =>
        {
            if (t.Exception?.InnerException is EngineException { Kind: ErrorKind.NotModified }) return;
            if (t.Exception is not null) throw t.Exception.InnerException!;
        }, TaskScheduler.Default);
        Publish(c, "restart");
    }

    public async Task PauseAsync(string idOrName, CancellationToken cancel)
    {
        var c = Get(idOrName);
        await c.Lock.WaitAsync(cancel);
        try
        {
            if (c.Record.State.Status == "paused") throw EngineException.Conflict($"Container {c.Id} is already paused");
            if (c.Record.State.Status != "running") throw EngineException.Conflict($"Container {c.Id} is not running");
            try { _runtime.Pause(c.Id); }
            catch (Runtime.RuntimeException e) { throw EngineException.Internal(e.Message, e); }
            c.Record.State.Status = "paused";
            Save(c);
            Publish(c, "pause");
        }
        finally { c.Lock.Release(); }
    }

    public async Task UnpauseAsync(string idOrName, CancellationToken cancel)
    {
        var c = Get(idOrName);
        await c.Lock.WaitAsync(cancel);
        try
        {
            if (c.Record.State.Status != "paused") throw EngineException.Conflict($"Container {c.Id} is not paused");
            try { _runtime.Resume(c.Id); }
            catch (Runtime.RuntimeException e) { throw EngineException.Internal(e.Message, e); }
            c.Record.State.Status = "running";
            Save(c);
            Publish(c, "unpause");
        }
        finally { c.Lock.Release(); }
    }

    /// <summary>
    /// POST /containers/{id}/wait. not-running: now if stopped, else at exit; next-exit: at the next exit;
    /// removed: when the container is removed.
    /// </summary>
    public Task<ExitInfo> WaitAsync(Container c, string? condition, CancellationToken cancel)
    {
        switch (condition ?? "not-running")
        {
            case "" or "not-running":
                if (!c.IsRunning && c.Record.State.Status != "restarting") return Task.FromResult(new ExitInfo(c.Record.State.ExitCode, null));
                return c.NextExit.Task.WaitAsync(cancel);
            case "next-exit":
                return c.NextExit.Task.WaitAsync(cancel);
            case "removed":
                return c.Removed.Task.WaitAsync(cancel).ContinueWith(_ => new ExitInfo(c.Record.State.ExitCode, null), cancel, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            default:
                throw EngineException.Invalid($"invalid condition: \"{condition}\"");
        }
    }

    /// <summary>POST /containers/{id}/resize.</summary>
    public async Task ResizeAsync(string idOrName, int height, int width, CancellationToken cancel)
    {
        var c = Get(idOrName);
        if (c.Shim is null) throw EngineException.Conflict($"Container {c.Id} is not running");
        await c.Shim.CallAsync(new ShimRequest { Op = "resize", Height = height, Width = width }, cancel);
        Publish(c, "resize", new() { ["height"] = height.ToString(), ["width"] = width.ToString() });
    }
}
