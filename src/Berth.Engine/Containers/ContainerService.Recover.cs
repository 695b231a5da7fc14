using Berth.Engine.Shims;
using Berth.Runtime.ShimProtocol;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>
    /// At daemon start: reconnects to the shims of containers that were running (live restore), records the exits that
    /// happened while the daemon was away, and applies restart policies to them.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancel)
    {
        foreach (var c in _byId.Values.ToList())
        {
            var status = c.Record.State.Status;
            if (status is not ("running" or "paused" or "restarting" or "removing")) continue;
            if (status == "removing")
            {
                try { await RemoveAsync(c.Id, force: true, removeVolumes: false, cancel); } catch (Exception e) { _log.LogWarning("finishing removal of {Id}: {Message}", c.Id, e.Message); }
                continue;
            }
            var shim = new ShimClient(ShimSocket(c.Id));
            bool alive = false;
            if (File.Exists(ShimSocket(c.Id)))
            {
                try
                {
                    using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    var (stream, _, _) = await shim.OpenAsync(new ShimRequest { Op = "resize" }, probe.Token);
                    await stream.DisposeAsync();
                    alive = true;
                }
                catch (Exception) { }
            }
            if (alive)
            {
                c.Shim = shim;
                _ = WatchAsync(c, shim);
                _log.LogInformation("adopted running container {Id} ({Name})", c.Id[..12], c.Name);
                Health?.Start(c);
                continue;
            }
            var exit = ReadExitFile(c.Id) ?? new ShimExit { ExitCode = 255, FinishedAt = DateTimeOffset.UtcNow, Error = "the container stopped while the daemon was not running and its exit status was lost" };
            c.Shim = shim;
            await OnExitAsync(c, shim, exit);
            _log.LogInformation("container {Id} exited ({Code}) while the daemon was away", c.Id[..12], exit.ExitCode);
        }
    }
}
