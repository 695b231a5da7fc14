using Berth.Linux;
using Berth.Linux.Mounts;
using Berth.Oci.Runtime;
using Berth.Runtime.Spec;

namespace Berth.Runtime.Init;

/// <summary>
/// /dev in a new container: the default devices (null, zero, full, random, urandom, tty), linux.devices, and the
/// usual symlinks (fd, stdin, stdout, stderr, ptmx, core). Device nodes are made with mknod, or bound from the
/// host where mknod is refused.
/// </summary>
internal static class DeviceBuilder
{
    private const uint S_IFCHR = 0x2000, S_IFBLK = 0x6000, S_IFIFO = 0x1000;

    public static readonly LinuxDevice[] Defaults =
    [
        new() { Path = "/dev/null", Type = "c", Major = 1, Minor = 3, FileMode = 0x1b6 },
        new() { Path = "/dev/zero", Type = "c", Major = 1, Minor = 5, FileMode = 0x1b6 },
        new() { Path = "/dev/full", Type = "c", Major = 1, Minor = 7, FileMode = 0x1b6 },
        new() { Path = "/dev/random", Type = "c", Major = 1, Minor = 8, FileMode = 0x1b6 },
        new() { Path = "/dev/urandom", Type = "c", Major = 1, Minor = 9, FileMode = 0x1b6 },
        new() { Path = "/dev/tty", Type = "c", Major = 5, Minor = 0, FileMode = 0x1b6 },
    ];

    private static readonly (string Name, string Target)[] s_links =
    [
        ("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"), ("ptmx", "pts/ptmx"),
    ];

    public static void Create(RootDirectory root, IReadOnlyList<LinuxDevice>? devices)
    {
        var all = new List<LinuxDevice>(Defaults);
        if (devices is not null)
            foreach (var d in devices)
            {
                all.RemoveAll(x => x.Path == d.Path);
                all.Add(d);
            }
        foreach (var d in all) CreateOne(root, d);
        using var dev = MountPoints.OpenOrCreateDirectory(root, "/dev");
        foreach (var (name, target) in s_links) DirectoryCalls.TrySymlinkAt(target, dev, name);
        if (File.Exists("/proc/kcore")) DirectoryCalls.TrySymlinkAt("/proc/kcore", dev, "core");
    }

    private static void CreateOne(RootDirectory root, LinuxDevice d)
    {
        string path = d.Path;
        int slash = path.LastIndexOf('/');
        string dirPath = slash <= 0 ? "/" : path[..slash];
        string name = path[(slash + 1)..];
        uint kind = d.Type switch { "b" => S_IFBLK, "p" => S_IFIFO, _ => S_IFCHR };
        uint mode = (d.FileMode ?? 0x1b6) & 0xfff;
        using var dir = MountPoints.OpenOrCreateDirectory(root, dirPath);
        int errno = DirectoryCalls.TryMknodAt(dir, name, kind | mode, (uint)d.Major, (uint)d.Minor);
        if (errno == Errnos.EEXIST) return;
        if (errno == Errnos.EPERM && kind != S_IFIFO)
        {
            // No CAP_MKNOD or a device cgroup refusing it: bind the host's node instead.
            using var target = MountPoints.OpenOrCreateFile(root, path, 0);
            MountCalls.Mount(path, MountCalls.FdPath(target), null, MountFlags.MS_BIND, null, root.Display(path));
            return;
        }
        if (errno != 0) throw new SyscallException(errno, "mknod", root.Display(path));
        DirectoryCalls.TryChmodAt(dir, name, mode);
        if ((d.Uid ?? 0) != 0 || (d.Gid ?? 0) != 0) DirectoryCalls.TryChownAt(dir, name, d.Uid ?? 0, d.Gid ?? 0);
    }
}
