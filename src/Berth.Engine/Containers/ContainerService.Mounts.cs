using Berth.Engine.Errors;
using Berth.Linux;
using Berth.Oci.Runtime;

namespace Berth.Engine.Containers;

public sealed partial class ContainerService
{
    /// <summary>The planned mounts as runtime mounts; acquires volumes (mounting driver-backed ones) and copies image content into new volumes.</summary>
    private List<RuntimeMount> PrepareMounts(Container c, string rootfs, List<string> acquired)
    {
        var list = new List<RuntimeMount>();
        foreach (var m in c.Record.Mounts)
        {
            switch (m.Type)
            {
                case "bind":
                    if (!Path.Exists(m.Source))
                    {
                        // -v /host/dir:/x creates the host directory, as Docker does; --mount refuses at create.
                        Directory.CreateDirectory(m.Source);
                    }
                    var bindOpts = new List<string> { m.NonRecursive ? "bind" : "rbind", string.IsNullOrEmpty(m.Propagation) ? "rprivate" : m.Propagation };
                    if (m.ReadOnly) bindOpts.Add("ro");
                    list.Add(new RuntimeMount { Type = "bind", Source = m.Source, Destination = m.Destination, Options = bindOpts });
                    break;
                case "volume":
                    string data = Volumes.Acquire(m.Source, c.Id, m);
                    acquired.Add(m.Source);
                    var volume = Volumes.Get(m.Source);
                    if (!m.NoCopy && !volume.Populated)
                    {
                        VolumeCopyUp.Copy(rootfs, m.Destination, data);
                        volume.Populated = true;
                        Volumes.Save(volume);
                    }
                    string source = data;
                    if (m.Subpath is { Length: > 0 } sub)
                    {
                        source = Path.GetFullPath(Path.Combine(data, sub));
                        if (!source.StartsWith(data + "/", StringComparison.Ordinal) || !Directory.Exists(source))
                            throw EngineException.Invalid($"cannot access path {source}: volume subpath must be an existing directory inside the volume");
                    }
                    var volOpts = new List<string> { "rbind", "rprivate" };
                    if (m.ReadOnly) volOpts.Add("ro");
                    list.Add(new RuntimeMount { Type = "bind", Source = source, Destination = m.Destination, Options = volOpts });
                    break;
                case "tmpfs":
                    var tmpOpts = new List<string>(m.TmpfsOptions);
                    if (m.ReadOnly) tmpOpts.Add("ro");
                    list.Add(new RuntimeMount { Type = "tmpfs", Source = "tmpfs", Destination = m.Destination, Options = tmpOpts });
                    break;
            }
        }
        return list;
    }
}

/// <summary>
/// Docker's volume copy-up: a new, empty volume mounted over a directory of the image starts with a copy of that
/// directory. The image side is opened inside the rootfs (openat2 RESOLVE_IN_ROOT), so a symlinked path in the image
/// cannot make the daemon copy host files into the volume.
/// </summary>
internal static class VolumeCopyUp
{
    public static void Copy(string rootfs, string destination, string volumeData)
    {
        if (Directory.EnumerateFileSystemEntries(volumeData).Any()) return;
        using var root = RootDirectory.Open(rootfs);
        if (root.TryOpen(destination, Linux.Descriptors.OpenFlags.O_PATH | Linux.Descriptors.OpenFlags.O_DIRECTORY, 0, out var dir) != 0) return;
        using (dir)
        {
            string source = "/proc/self/fd/" + dir.Fd;
            var st = new DirectoryInfo(source);
            CopyTree(source, volumeData);
            CopyOwnerAndMode(source, volumeData);
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            string target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo d)
            {
                Directory.CreateDirectory(target);
                CopyTree(d.FullName, target);
            }
            else if (entry is FileInfo f && (f.Attributes & FileAttributes.Device) == 0)
            {
                f.CopyTo(target);
            }
            else continue;
            CopyOwnerAndMode(entry.FullName, target);
        }
    }

    private static void CopyOwnerAndMode(string from, string to)
    {
        if (Linux.Fs.FsCalls.TryStatAt(null, from, 0x100, out var st) != 0) return;
        Linux.Fs.FsCalls.TryChownAt(null, to, st.Uid, st.Gid, 0x100);
        if (!st.IsSymlink) Linux.Fs.FsCalls.TryChmodAt(null, to, st.Permissions);
    }
}
