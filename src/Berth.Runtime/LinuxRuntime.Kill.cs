using Berth.Linux;
using Berth.Linux.Cgroups;
using Berth.Linux.Processes;
using Berth.Linux.Signals;

namespace Berth.Runtime;

public sealed partial class LinuxRuntime
{
    /// <summary>kill: sends <paramref name="signal"/> to the container's init, or with <paramref name="all"/> to every process in its cgroup.</summary>
    public void Kill(string id, int signal, bool all)
    {
        if (signal is <= 0 or > 64) throw RuntimeException.Invalid($"invalid signal: {signal}");
        var record = _store.Load(id);
        var cgroup = CgroupManagers.Open(record.CgroupPath);
        var status = Observe(record, cgroup);
        if (all)
        {
            // As runc: --all also reaches what is left of a stopped container (processes outside a pid namespace).
            if (status != ContainerStatus.Stopped || cgroup.Exists()) cgroup.SignalAll(signal);
            return;
        }
        if (status == ContainerStatus.Stopped) throw RuntimeException.Precondition("container not running");
        if (PidFd.TryOpen(record.Pid, out var pidfd) != 0) throw RuntimeException.Precondition("container not running");
        using (pidfd)
        {
            // The pidfd was opened after the start-time check: it names the init, not a later process with its pid.
            if (!IsAlive(record) || !PidFd.Signal(pidfd, signal)) throw RuntimeException.Precondition("container not running");
        }
    }

    /// <summary>Parses a signal as runc's kill does: "KILL", "SIGKILL" or "9".</summary>
    public static int ParseSignal(string text)
    {
        int s = SignalNames.Parse(text);
        if (s < 0) throw RuntimeException.Invalid($"unknown signal: {text}");
        return s;
    }
}
