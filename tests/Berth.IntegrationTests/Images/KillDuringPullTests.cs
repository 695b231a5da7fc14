using System.Diagnostics;
using Berth.Images;
using Berth.Images.Archive;
using Berth.IntegrationTests.Registry;

namespace Berth.IntegrationTests.Images;

/// <summary>
/// A pull in a child process (bench/pull's berth-pull) is killed with SIGKILL at random moments; after each kill
/// the store shows the image complete or not at all, and a final pull in a fresh process completes and verifies.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KillDuringPullTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-kill-").FullName;

    public void Dispose() => FsTree.RemoveAll(_dir);

    private static string RepositoryRoot()
    {
        string d = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(d, "Berth.sln"))) d = Path.GetDirectoryName(d) ?? throw new InvalidOperationException("Berth.sln not found above the test binaries");
        return d;
    }

    [Fact]
    public void AKilledPullLeavesAStoreTheNextPullCompletes()
    {
        string tool = Path.Combine(_dir, "tool");
        Tools.Run("dotnet", $"build {RepositoryRoot()}/bench/pull/BerthPull -c Release -o {tool} --nologo -v q", timeoutSeconds: 600);
        string pullDll = Path.Combine(tool, "berth-pull.dll");

        // An image of 3 layers of incompressible data, about 12 MB each.
        string rootfs = Path.Combine(_dir, "rootfs");
        Tools.BusyboxRootfs(rootfs);
        string layout = Path.Combine(_dir, "oci");
        Tools.OciLayoutFromRootfs(layout, "t0", rootfs, _dir);
        for (int i = 1; i <= 3; i++)
        {
            string bundle = Path.Combine(_dir, "b" + i);
            Tools.Run("umoci", $"unpack --image {layout}:t{i - 1} {bundle}");
            byte[] data = new byte[12 << 20];
            Random.Shared.NextBytes(data);
            File.WriteAllBytes(Path.Combine(bundle, $"rootfs/data{i}.bin"), data);
            Tools.Run("umoci", $"repack --image {layout}:t{i} {bundle}");
            Tools.Run("rm", $"-rf {bundle}");
        }
        using var registry = new RegistryProcess();
        registry.SkopeoPush(layout, "t3", "kill/big:1");
        string reference = $"{registry.Host}/kill/big:1";
        string store = Path.Combine(_dir, "store");

        var random = new Random(42);
        int killedMidway = 0;
        for (int round = 0; round < 8; round++)
        {
            var p = Process.Start(new ProcessStartInfo("dotnet", $"{pullDll} pull {store} {reference} --quiet") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            try
            {
                Thread.Sleep(random.Next(150, 1500));
                if (!p.HasExited)
                {
                    p.Kill(); // SIGKILL
                    killedMidway++;
                }
                p.WaitForExit();
            }
            finally
            {
                p.Dispose();
            }
            var (exit, output, error) = Tools.Run("dotnet", $"{pullDll} verify {store} {reference}", check: false);
            Assert.True(exit == 0 || error.Contains("(NotFound)"), $"round {round}: the store is inconsistent: {output} {error}");
        }
        Assert.True(killedMidway > 0, "no pull was killed before it finished: the test proved nothing");

        var final = Tools.Run("dotnet", $"{pullDll} pull {store} {reference} --quiet");
        Assert.Contains("Digest: sha256:", final.Out);
        var verified = Tools.Run("dotnet", $"{pullDll} verify {store} {reference}");
        Assert.StartsWith("ok ", verified.Out);

        using var storage = ImageStorage.Open(store);
        Assert.Single(storage.Images.List());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(store, "layers", "tmp")));
    }
}
