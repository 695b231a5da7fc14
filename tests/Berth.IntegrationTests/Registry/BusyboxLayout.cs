using Berth.Images.Archive;

namespace Berth.IntegrationTests.Registry;

/// <summary>
/// OCI layouts made once per test class with umoci from busybox-static: "v1" (one layer) and "v2" (v1 plus a
/// layer that adds /etc/berth-test).
/// </summary>
public sealed class BusyboxLayout : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("berth-layout-").FullName;
    public string Layout => Path.Combine(Dir, "oci");
    public const string Marker = "made by umoci for berth\n";

    public BusyboxLayout()
    {
        string rootfs = Path.Combine(Dir, "rootfs");
        Tools.BusyboxRootfs(rootfs);
        Tools.OciLayoutFromRootfs(Layout, "v1", rootfs, Dir);
        string bundle = Path.Combine(Dir, "bundle-v2");
        Tools.Run("umoci", $"unpack --image {Layout}:v1 {bundle}");
        File.WriteAllText(Path.Combine(bundle, "rootfs/etc/berth-test"), Marker);
        Tools.Run("umoci", $"repack --image {Layout}:v2 {bundle}");
        Tools.Run("rm", $"-rf {bundle}");
    }

    public void Dispose() => FsTree.RemoveAll(Dir);
}
