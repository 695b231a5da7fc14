using System.Globalization;
using Berth.Linux.Cgroups;
using Berth.Linux.Processes;
using Berth.Runtime.State;

namespace Berth.Runtime;

/// <summary>
/// The OCI runtime as a library: the berth-runtime command line and the shim call it in-process. Each operation
/// lives in its own partial file (LinuxRuntime.Create.cs, .Start.cs, ...). Instances hold no container state in
/// memory: everything is read from and written to &lt;Root&gt;/&lt;id&gt;/state.json.
/// </summary>
public sealed partial class LinuxRuntime
{
    private readonly StateStore _store;
    private readonly RuntimeOptions _options;

    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();

    public LinuxRuntime(RuntimeOptions options)
    {
        _options = options;
        _store = new StateStore(options.Root);
    }

    /// <summary>With debug logging: how long after this instance was made a step was reached (to profile start-up).</summary>
    private void Phase(string name)
    {
        if (Log.IsEnabled(RuntimeLogLevel.Debug))
            Log.Write(RuntimeLogLevel.Debug, $"{name}: {System.Diagnostics.Stopwatch.GetElapsedTime(_started).TotalMilliseconds:F2} ms");
    }

    public string Root => _store.Root;
    private IRuntimeLog Log => _options.Log;

    /// <summary>The cgroup path for a container: linux.cgroupsPath made absolute, or /berth-runtime/&lt;id&gt;.</summary>
    internal static string CgroupPathFor(string id, string? cgroupsPath) =>
        string.IsNullOrEmpty(cgroupsPath) ? "/berth-runtime/" + id : CgroupManagers.ResolvePath(cgroupsPath);

    /// <summary>The status as observed now: the persisted one, corrected by whether the init still lives and is frozen.</summary>
    private ContainerStatus Observe(ContainerRecord record, ICgroupManager? cgroup = null)
    {
        if (!IsAlive(record)) return ContainerStatus.Stopped;
        var persisted = ContainerStatusNames.Parse(record.Status);
        if (persisted == ContainerStatus.Creating) return ContainerStatus.Creating;
        try
        {
            cgroup ??= CgroupManagers.Open(record.CgroupPath);
            if (cgroup.IsFrozen()) return ContainerStatus.Paused;
        }
        catch (Exception e) when (e is IOException or Berth.Linux.SyscallException or InvalidOperationException) { }
        if (persisted == ContainerStatus.Created && !_store.FifoExists(record.Id)) return ContainerStatus.Running;
        return persisted;
    }

    private static bool IsAlive(ContainerRecord record)
    {
        var stat = ProcStat.TryRead(record.Pid);
        return stat is { } s && !s.IsZombieOrDead && (record.PidStartTime == 0 || s.StartTime == record.PidStartTime);
    }

    private RuntimeState ToState(ContainerRecord record, ContainerStatus status) => new()
    {
        OciVersion = record.OciVersion,
        Id = record.Id,
        Pid = status == ContainerStatus.Stopped ? 0 : record.Pid,
        Status = status.ToOci(),
        Bundle = record.Bundle,
        Rootfs = record.Rootfs,
        Created = record.Created,
        Annotations = record.Annotations,
        Owner = "",
    };

    /// <summary>A UTC time as Go's RFC3339Nano prints it (trailing zeros of the fraction dropped).</summary>
    internal static string FormatTime(DateTime utc)
    {
        string s = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return s + "Z";
    }

    private static void WritePidFile(string? path, int pid)
    {
        if (string.IsNullOrEmpty(path)) return;
        Berth.Linux.AtomicFile.Write(Path.GetFullPath(path), System.Text.Encoding.ASCII.GetBytes(pid.ToString(CultureInfo.InvariantCulture)),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    /// <summary>The state JSON hooks run by the runtime get on stdin (the pid as the host sees it).</summary>
    private static byte[] HookState(RuntimeState state, int pid)
    {
        state.Pid = pid;
        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(state, Json.RuntimeStoreJsonContext.Default.RuntimeState);
    }
}
