using Berth.Engine.Errors;
using Berth.Linux.Mounts;

namespace Berth.Engine.Volumes;

/// <summary>Mounting a local volume that has driver options (type=tmpfs, type=none,o=bind, type=nfs…), as mount(8) would.</summary>
internal static class LocalVolumeMount
{
    public static void Mount(VolumeRecord v, string target)
    {
        v.Options.TryGetValue("type", out var type);
        v.Options.TryGetValue("device", out var device);
        v.Options.TryGetValue("o", out var o);
        var (flags, data) = MountOptionsText.Parse(o ?? "");
        bool bind = flags.HasFlag(MountOptionsText.Flags.Bind);
        try
        {
            MountCalls.Mount(bind ? device : device ?? type ?? "none", target, bind ? null : type, (ulong)flags, data.Length > 0 ? data : null);
        }
        catch (Linux.SyscallException e)
        {
            throw EngineException.Invalid($"error while mounting volume '{target}': failed to mount local volume: {e.Message}");
        }
    }

    public static void Unmount(string target)
    {
        MountCalls.TryUnmount(target, 2);
    }
}

/// <summary>Splits mount(8)-style "o=" text into flags and filesystem data.</summary>
internal static class MountOptionsText
{
    [Flags]
    public enum Flags : ulong
    {
        None = 0, ReadOnly = 1, NoSuid = 2, NoDev = 4, NoExec = 8, Bind = 4096, Recursive = 16384,
    }

    public static (Flags Flags, string Data) Parse(string o)
    {
        var flags = Flags.None;
        var data = new List<string>();
        foreach (var opt in o.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (opt)
            {
                case "ro": flags |= Flags.ReadOnly; break;
                case "rw": break;
                case "nosuid": flags |= Flags.NoSuid; break;
                case "nodev": flags |= Flags.NoDev; break;
                case "noexec": flags |= Flags.NoExec; break;
                case "bind": flags |= Flags.Bind; break;
                case "rbind": flags |= Flags.Bind | Flags.Recursive; break;
                default: data.Add(opt); break;
            }
        }
        return (flags, string.Join(',', data));
    }
}
