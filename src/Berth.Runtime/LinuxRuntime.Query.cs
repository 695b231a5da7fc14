using Berth.Linux.Cgroups;
using Berth.Oci.Runtime;

namespace Berth.Runtime;

public sealed partial class LinuxRuntime
{
    /// <summary>state: the container's state as runc prints it.</summary>
    public RuntimeState State(string id)
    {
        var record = _store.Load(id);
        return ToState(record, Observe(record));
    }

    /// <summary>list: every container under the root, sorted by id; unreadable ones are skipped.</summary>
    public IReadOnlyList<RuntimeState> List()
    {
        var result = new List<RuntimeState>();
        foreach (var id in _store.Ids())
            if (ContainerId.IsValid(id) && _store.TryLoad(id, out var record) && record is not null)
                result.Add(ToState(record, Observe(record)));
        return result;
    }

    /// <summary>
    /// The container's configured process with its args removed: what runc's exec starts from when given a command
    /// instead of a process file (env, cwd, user, capabilities, rlimits, noNewPrivileges).
    /// </summary>
    public RuntimeProcess ExecDefaults(string id)
    {
        var record = _store.Load(id);
        var p = record.Process ?? new RuntimeProcess();
        p.Args = null;
        p.Terminal = false;
        p.ConsoleSize = null;
        return p;
    }

    /// <summary>ps: the host pids of the container's processes.</summary>
    public IReadOnlyList<int> Ps(string id)
    {
        var record = _store.Load(id);
        var cgroup = CgroupManagers.Open(record.CgroupPath);
        return cgroup.Exists() ? cgroup.GetPids() : [];
    }

    /// <summary>pause: freezes every process of a running container.</summary>
    public void Pause(string id)
    {
        var record = _store.Load(id);
        var cgroup = CgroupManagers.Open(record.CgroupPath);
        var status = Observe(record, cgroup);
        if (status != ContainerStatus.Running) throw RuntimeException.Precondition($"container not running: {id} is {status.ToOci()}");
        cgroup.Freeze();
    }

    /// <summary>resume: thaws a paused container.</summary>
    public void Resume(string id)
    {
        var record = _store.Load(id);
        var cgroup = CgroupManagers.Open(record.CgroupPath);
        var status = Observe(record, cgroup);
        if (status != ContainerStatus.Paused) throw RuntimeException.Precondition($"container not paused: {id} is {status.ToOci()}");
        cgroup.Thaw();
    }

    /// <summary>update: applies new resource limits to the container's cgroup (null fields unchanged).</summary>
    public void Update(string id, LinuxResources resources)
    {
        var record = _store.Load(id);
        var cgroup = CgroupManagers.Open(record.CgroupPath);
        if (Observe(record, cgroup) == ContainerStatus.Stopped) throw RuntimeException.Precondition($"container not running: {id}");
        cgroup.Apply(resources);
    }

    /// <summary>Resource usage read from the container's cgroup.</summary>
    public CgroupStats Stats(string id)
    {
        var record = _store.Load(id);
        return CgroupManagers.Open(record.CgroupPath).GetStats();
    }
}
