using System.Diagnostics;
using Berth.Images;
using Berth.Images.Archive;
using Berth.Images.Formats;
using Berth.Images.Layers;
using Berth.IntegrationTests.Registry;
using Berth.Oci.Images;

namespace Berth.IntegrationTests.Images;

/// <summary>
/// Debian's dockerd (20.10, private data root and socket): Berth loads what <c>docker save</c> wrote, and dockerd
/// loads and runs what Berth saved.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DockerArchiveInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-dk-").FullName;
    private Process? _dockerd;
    private string Socket => Path.Combine(_dir, "d.sock");

    private (int Exit, string Out, string Err) Docker(string args, bool check = true) =>
        Tools.Run("/usr/bin/docker", $"-H unix://{Socket} {args}", check, timeoutSeconds: 180);

    private void StartDockerd()
    {
        var psi = new ProcessStartInfo("dockerd",
            $"--data-root {_dir}/data --exec-root {_dir}/exec --pidfile {_dir}/dockerd.pid -H unix://{Socket} " +
            "--bridge=none --iptables=false --ip6tables=false --storage-driver=overlay2")
        { RedirectStandardOutput = true, RedirectStandardError = true };
        _dockerd = Process.Start(psi)!;
        _dockerd.OutputDataReceived += (_, _) => { };
        _dockerd.ErrorDataReceived += (_, e) => { if (e.Data is not null) File.AppendAllText(Path.Combine(_dir, "dockerd.log"), e.Data + "\n"); };
        _dockerd.BeginOutputReadLine();
        _dockerd.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Docker("version", check: false).Exit != 0)
        {
            if (_dockerd.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException("dockerd did not start: " + (File.Exists(Path.Combine(_dir, "dockerd.log")) ? File.ReadAllText(Path.Combine(_dir, "dockerd.log")) : ""));
            Thread.Sleep(250);
        }
    }

    public void Dispose()
    {
        if (_dockerd is { HasExited: false })
        {
            Tools.Run("kill", $"-TERM {_dockerd.Id}", check: false);
            if (!_dockerd.WaitForExit(30_000)) _dockerd.Kill(entireProcessTree: true);
        }
        _dockerd?.Dispose();
        // dockerd unmounts on shutdown; anything left below the dir is unmounted before removal.
        foreach (string line in File.ReadAllLines("/proc/self/mountinfo").Reverse())
        {
            string mountPoint = line.Split(' ')[4];
            if (mountPoint.StartsWith(_dir, StringComparison.Ordinal)) Tools.Run("umount", $"-l {mountPoint}", check: false);
        }
        FsTree.RemoveAll(_dir);
    }

    [Fact]
    public async Task ArchivesGoBothWaysBetweenDockerAndBerth()
    {
        StartDockerd();
        string rootfs = Path.Combine(_dir, "rootfs");
        Tools.BusyboxRootfs(rootfs, "from docker\n");
        string rootfsTar = Path.Combine(_dir, "rootfs.tar");
        Tools.Run("tar", $"-C {rootfs} -cf {rootfsTar} .");
        Docker($"import {rootfsTar} dockerbb:1");
        string saved = Path.Combine(_dir, "docker-saved.tar");
        Docker($"save -o {saved} dockerbb:1");
        string dockerId = Docker("image inspect -f {{.Id}} dockerbb:1").Out.Trim();

        using var storage = ImageStorage.Open(Path.Combine(_dir, "berth"), new LayerStoreOptions { SyncOnCommit = false });
        var lines = new List<string>();
        LoadedImage loaded;
        await using (var input = File.OpenRead(saved))
            loaded = (await ImageArchive.LoadAsync(storage, input, new LineProgress(lines))).Single();
        Assert.Equal(dockerId, loaded.Image.Id.ToString());
        Assert.Contains("Loaded image: dockerbb:1", lines);
        var layer = storage.Layers.Chain(loaded.Image.TopLayer).Single();
        Assert.Equal("from docker\n", File.ReadAllText(Path.Combine(layer.Directory, "etc/berth-test")));

        // Berth's own image: imported here, saved here, loaded and run by dockerd.
        string berthRootfs = Path.Combine(_dir, "rootfs2");
        Tools.BusyboxRootfs(berthRootfs, "saved by berth\n");
        string tgz = Path.Combine(_dir, "rootfs2.tgz");
        Tools.Run("tar", $"-C {berthRootfs} -czf {tgz} .");
        global::Berth.Images.Metadata.ImageRecord image;
        await using (var input = File.OpenRead(tgz))
            image = await RootfsImporter.ImportAsync(storage, input, new ImportOptions
            {
                Reference = ImageReference.Parse("berthsaved:1"),
                Config = new ContainerConfig { Cmd = ["cat", "/etc/berth-test"], Env = ["PATH=/bin"] },
            });
        string berthTar = Path.Combine(_dir, "berth-saved.tar");
        await using (var output = File.Create(berthTar))
            await ImageArchive.SaveAsync(storage, [new SaveItem(image, [ImageReference.Parse("berthsaved:1")])], output);
        var load = Docker($"load -i {berthTar}");
        Assert.Contains("berthsaved:1", load.Out);
        Assert.Equal(image.Id.ToString(), Docker("image inspect -f {{.Id}} berthsaved:1").Out.Trim());
        var run = Docker("run --rm --network none berthsaved:1");
        Assert.Equal("saved by berth\n", run.Out);
    }

    private sealed class LineProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
