using Berth.Linux;
using Berth.Linux.Cgroups;
using Berth.Linux.Processes;
using Berth.Linux.Signals;
using Berth.Runtime.Hooks;
using Berth.Runtime.State;

namespace Berth.Runtime;

public sealed partial class LinuxRuntime
{
    /// <summary>
    /// delete: removes a stopped (or created) container: its remaining processes, cgroup and state; then the
    /// poststop hooks. A running or paused one is refused unless <paramref name="force"/>, which kills it first.
    /// </summary>
    public void Delete(string id, bool force)
    {
        ContainerId.Validate(id);
        if (!_store.TryLoad(id, out var record) || record is null)
        {
            // A directory without a readable state (a create killed half-way): nothing runs from it; remove it.
            if (Directory.Exists(_store.Dir(id)))
            {
                _store.Remove(id);
                return;
            }
            throw RuntimeException.NotFound(id);
        }
        var cgroup = CgroupManagers.Open(record.CgroupPath);
        var status = Observe(record, cgroup);
        switch (status)
        {
            case ContainerStatus.Stopped:
                break;
            case ContainerStatus.Created:
            case ContainerStatus.Creating:
                KillAndWait(record, cgroup);
                break;
            default:
                if (!force) throw RuntimeException.Precondition($"cannot delete container {id} that is not stopped: {status.ToOci()}");
                KillAndWait(record, cgroup);
                break;
        }
        DeleteStopped(record, cgroup);
    }

    /// <summary>SIGKILL to every process of the container, then wait for the init to be gone.</summary>
    private void KillAndWait(ContainerRecord record, ICgroupManager cgroup)
    {
        SafeFd? pidfd = null;
        if (IsAlive(record) && PidFd.TryOpen(record.Pid, out var p) == 0) pidfd = p;
        using (pidfd)
        {
            try
            {
                bool frozen = cgroup.IsFrozen();
                cgroup.SignalAll(SignalNames.SIGKILL);
                if (frozen) cgroup.Thaw();
            }
            catch (Exception e) when (e is IOException or SyscallException or InvalidOperationException) { }
            if (pidfd is not null)
            {
                PidFd.Signal(pidfd, SignalNames.SIGKILL);
                if (!PidFd.WaitExited(pidfd, 10_000)) Log.Write(RuntimeLogLevel.Warning, $"container {record.Id}: init {record.Pid} did not exit after SIGKILL");
            }
        }
    }

    /// <summary>The cgroup (after killing stragglers, e.g. without a pid namespace), the poststop hooks, the state.</summary>
    private void DeleteStopped(ContainerRecord record, ICgroupManager cgroup)
    {
        try
        {
            if (cgroup.Exists())
            {
                if (cgroup.GetPids().Count > 0) cgroup.SignalAll(SignalNames.SIGKILL);
                cgroup.Destroy();
            }
        }
        catch (Exception e) when (e is IOException or SyscallException or UnauthorizedAccessException or InvalidOperationException)
        {
            Log.Write(RuntimeLogLevel.Warning, $"container {record.Id}: cgroup {record.CgroupPath}: {e.Message}");
        }
        if (record.Hooks?.Poststop is { Count: > 0 } poststop)
            HookRunner.RunAll(poststop, "poststop", HookState(ToState(record, ContainerStatus.Stopped), 0), Log);
        _store.Remove(record.Id);
    }
}
