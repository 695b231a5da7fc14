using Berth.Engine.Errors;
using Berth.Linux.Signals;
using Berth.Runtime.ShimProtocol;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>DELETE /containers/{id}: refuses a running container unless forced (then kills it first).</summary>
    public async Task RemoveAsync(string idOrName, bool force, bool removeVolumes, CancellationToken cancel)
    {
        var c = Get(idOrName);
        c.RestartDelay?.Cancel();
        if (c.IsRunning || c.Record.State.Status == "restarting")
        {
            if (!force)
            {
                string state = c.Record.State.Status == "paused" ? "paused" : "running";
                throw EngineException.Conflict($"cannot remove container \"/{c.Name}\": container is {state}: stop the container before removing or force remove");
            }
            c.StopRequested = true;
            if (c.Shim is { } shim)
            {
                var exit = c.NextExit.Task;
                try { await shim.CallAsync(new ShimRequest { Op = "kill", Signal = SignalNames.SIGKILL, All = true }, cancel); } catch (EngineException) { }
                await Task.WhenAny(exit, Task.Delay(TimeSpan.FromSeconds(10), cancel));
            }
        }
        await c.Lock.WaitAsync(cancel);
        try
        {
            if (!_byId.ContainsKey(c.Id)) return;
            if (c.IsRunning && c.Shim is not null) throw EngineException.Conflict($"cannot remove container \"/{c.Name}\": could not kill it");
            c.Record.State.Status = "removing";
            foreach (var execId in c.ExecIds.ToList()) Execs?.Forget(execId);
            try { _runtime.Delete(c.Id, force: true); } catch (Exception) { }
            try { _images.UnmountSnapshot(RootfsPath(c.Id)); } catch { }
            try { _images.RemoveSnapshot(c.Id); }
            catch (Exception e) { _log.LogWarning("removing the filesystem of {Id}: {Message}", c.Id, e.Message); }
            Networks?.Forget(c);
            _store.Delete(c.Id);
            _byId.TryRemove(c.Id, out _);
            TryDeleteDirectory(RunDir(c.Id));
            TryDeleteDirectory(ContainerDir(c.Id));
            if (removeVolumes)
            {
                foreach (var v in c.Record.AnonymousVolumes)
                {
                    try { Volumes.Remove(v, force: true, VolumeUsers(v)); }
                    catch (EngineException e) { _log.LogInformation("keeping volume {Volume}: {Message}", v, e.Message); }
                }
            }
            Publish(c, "destroy");
            c.NextExit.TrySetResult(new ExitInfo(c.Record.State.ExitCode, null));
            c.Removed.TrySetResult();
        }
        finally
        {
            c.Lock.Release();
        }
    }

    /// <summary>Names of the containers that mount a volume (for "volume is in use").</summary>
    public List<string> VolumeUsers(string volume) =>
        _byId.Values.Where(c => c.Record.Mounts.Any(m => m.Type == "volume" && m.Source == volume)).Select(c => c.Id).ToList();

    /// <summary>POST /containers/{id}/rename.</summary>
    public void Rename(string idOrName, string newName)
    {
        var c = Get(idOrName);
        newName = newName.TrimStart('/');
        if (string.IsNullOrEmpty(newName) || !NameGenerator.IsValid(newName))
            throw EngineException.Invalid($"Invalid container name ({newName}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        lock (_namesLock)
        {
            if (c.Name == newName) throw EngineException.Invalid("Renaming a container with the same name as its current name");
            if (_byId.Values.FirstOrDefault(x => x.Name == newName) is { } other)
                throw EngineException.Conflict($"Conflict. The container name \"/{newName}\" is already in use by container \"{other.Id}\". You have to remove (or rename) that container to be able to reuse that name.");
            string old = c.Name;
            c.Record.Name = newName;
            try { Save(c); }
            catch { c.Record.Name = old; throw; }
            Publish(c, "rename", new() { ["oldName"] = "/" + old });
        }
    }
}
