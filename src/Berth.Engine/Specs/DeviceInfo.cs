using Berth.Engine.Errors;
using Berth.Linux.Fs;
using Berth.Oci.Runtime;

namespace Berth.Engine.Specs;

/// <summary>Host device lookups for --device, --privileged and --device-cgroup-rule.</summary>
public static class DeviceInfo
{
    public static (string Type, long Major, long Minor, uint Mode) Stat(string path)
    {
        if (FsCalls.TryStatAt(null, path, 0, out var st) != 0)
            throw EngineException.Invalid($"error gathering device information while adding custom device \"{path}\": no such file or directory");
        if (st.IsCharDevice) return ("c", st.RdevMajor, st.RdevMinor, st.Mode);
        if (st.IsBlockDevice) return ("b", st.RdevMajor, st.RdevMinor, st.Mode);
        throw EngineException.Invalid($"\"{path}\" is not a device node");
    }

    /// <summary>Every device node under /dev (not /dev/pts, /dev/mqueue, /dev/shm), as --privileged exposes.</summary>
    public static IEnumerable<(string Path, string Type, long Major, long Minor, uint Mode)> HostDevices()
    {
        var stack = new Stack<string>();
        stack.Push("/dev");
        while (stack.Count > 0)
        {
            string dir = stack.Pop();
            IEnumerable<string> entries;
            try { entries = Directory.EnumerateFileSystemEntries(dir).ToList(); } catch { continue; }
            foreach (var p in entries)
            {
                if (p is "/dev/pts" or "/dev/mqueue" or "/dev/shm" or "/dev/.lxc" or "/dev/console" or "/dev/ptmx") continue;
                if (FsCalls.TryStatAt(null, p, 0x100, out var st) != 0) continue;
                if (st.IsDirectory) stack.Push(p);
                else if (st.IsCharDevice) yield return (p, "c", st.RdevMajor, st.RdevMinor, st.Mode);
                else if (st.IsBlockDevice) yield return (p, "b", st.RdevMajor, st.RdevMinor, st.Mode);
            }
        }
    }

    /// <summary>"c 1:3 mr", "b *:* rwm", "a".</summary>
    public static LinuxDeviceCgroup ParseCgroupRule(string rule)
    {
        var parts = rule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || parts[0] is not ("a" or "c" or "b")) throw EngineException.Invalid($"invalid device cgroup rule \"{rule}\"");
        var d = new LinuxDeviceCgroup { Allow = true, Type = parts[0], Access = parts.Length > 2 ? parts[2] : "rwm" };
        if (parts.Length > 1)
        {
            var mm = parts[1].Split(':');
            if (mm.Length != 2) throw EngineException.Invalid($"invalid device cgroup rule \"{rule}\"");
            d.Major = mm[0] == "*" ? null : long.TryParse(mm[0], out var ma) ? ma : throw EngineException.Invalid($"invalid device cgroup rule \"{rule}\"");
            d.Minor = mm[1] == "*" ? null : long.TryParse(mm[1], out var mi) ? mi : throw EngineException.Invalid($"invalid device cgroup rule \"{rule}\"");
        }
        if (d.Access!.Any(ch => ch is not ('r' or 'w' or 'm'))) throw EngineException.Invalid($"invalid device cgroup rule \"{rule}\"");
        return d;
    }
}
