namespace Berth.Linux.Cgroups;

/// <summary>
/// One mounted cgroup hierarchy: where it is mounted, which cgroup of the hierarchy the mount shows as its root
/// (not "/" inside a container without a cgroup namespace), and its controllers (v1; empty for v2).
/// </summary>
public sealed record CgroupHierarchy(string MountPoint, string Root, bool IsV2, IReadOnlyList<string> Controllers)
{
    /// <summary>The directory of the cgroup at <paramref name="cgroupPath"/> ("/berth/abc") in this mount.</summary>
    public string DirectoryOf(string cgroupPath)
    {
        string relative = cgroupPath;
        if (Root != "/")
        {
            if (cgroupPath == Root) relative = "/";
            else if (cgroupPath.StartsWith(Root + "/", StringComparison.Ordinal)) relative = cgroupPath[Root.Length..];
            else throw new IOException($"cgroup {cgroupPath} is outside the part of the hierarchy mounted at {MountPoint} ({Root})");
        }
        return relative == "/" ? MountPoint : MountPoint.TrimEnd('/') + relative;
    }
}
