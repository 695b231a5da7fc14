using System.Formats.Tar;
using System.Text;
using Berth.Images;
using Berth.Images.Archive;
using Berth.Images.Formats;
using Berth.Images.Layers;
using Berth.Linux.Fs;

namespace Berth.IntegrationTests.Images;

/// <summary>Layers as overlayfs sees them (root): deep images mount, whiteouts and opaque directories hide, diffs round-trip.</summary>
[Trait("Category", "Integration")]
public sealed class OverlayLayerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-ovl-").FullName;
    private readonly List<string> _mounts = new();

    public void Dispose()
    {
        foreach (string m in _mounts) OverlayMount.TryUnmount(m, detach: true);
        FsTree.RemoveAll(_root);
    }

    private ImageStorage Open(OverlayMountMethod method) =>
        ImageStorage.Open(Path.Combine(_root, "data-" + method), new LayerStoreOptions { SyncOnCommit = false, MountMethod = method });

    private static byte[] Tar(Action<TarWriter> write)
    {
        var ms = new MemoryStream();
        using (var w = new TarWriter(ms, TarEntryFormat.Pax, leaveOpen: true)) write(w);
        return ms.ToArray();
    }

    private static void File(TarWriter w, string name, string content, int mode = 0x1A4, int uid = 0, int gid = 0, Dictionary<string, string>? pax = null) =>
        w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name, pax ?? new()) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = (UnixFileMode)mode, Uid = uid, Gid = gid });

    private static void Dir(TarWriter w, string name) => w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)0x1ED });

    private string Mount(ImageStorage s, string key)
    {
        string target = Path.Combine(_root, "mnt-" + key);
        s.Layers.Mount(key, target);
        _mounts.Add(target);
        return target;
    }

    [Theory]
    [InlineData(OverlayMountMethod.Auto)]
    [InlineData(OverlayMountMethod.LegacyMount)]
    public async Task AnImageOf125LayersMounts(OverlayMountMethod method)
    {
        using var s = Open(method);
        Berth.Oci.Images.Digest? parent = null;
        for (int i = 0; i < 125; i++)
        {
            int n = i;
            var layer = await s.Layers.ApplyAsync(parent, new MemoryStream(Tar(w => { File(w, $"f{n}", $"{n}"); File(w, "common", $"{n}"); })));
            parent = layer.ChainId;
        }
        s.Layers.Prepare("deep", parent);
        var spec = s.Layers.Mounts("deep");
        Assert.Equal(125, spec.LowerDirs.Count);
        Assert.True(spec.Options.Length > 4096, $"the absolute option string is {spec.Options.Length} bytes: this test would prove nothing");
        string target = Mount(s, "deep");
        Assert.Equal("0", System.IO.File.ReadAllText(Path.Combine(target, "f0")));
        Assert.Equal("124", System.IO.File.ReadAllText(Path.Combine(target, "f124")));
        Assert.Equal("124", System.IO.File.ReadAllText(Path.Combine(target, "common")));
        System.IO.File.WriteAllText(Path.Combine(target, "written"), "rw");
        s.Layers.Unmount(target);
        _mounts.Remove(target);
        Assert.Equal("rw", System.IO.File.ReadAllText(Path.Combine(s.Layers.GetSnapshot("deep")!.UpperDir, "written")));
    }

    [Fact]
    public async Task WhiteoutsAndOpaqueDirectoriesHideLowerContentAndDiffsRoundTrip()
    {
        using var s = Open(OverlayMountMethod.Auto);
        var l1 = await s.Layers.ApplyAsync(null, new MemoryStream(Tar(w =>
        {
            Dir(w, "a/"); File(w, "a/keep", "k"); File(w, "a/gone", "g"); Dir(w, "d/"); File(w, "d/old", "o");
        })));
        var l2 = await s.Layers.ApplyAsync(l1.ChainId, new MemoryStream(Tar(w =>
        {
            File(w, "a/.wh.gone", ""); Dir(w, "d/"); File(w, "d/.wh..wh..opq", ""); File(w, "d/new", "n");
        })));
        Assert.True(FsCalls.StatAt(null, Path.Combine(l2.Directory, "a/gone"), FsCalls.AT_SYMLINK_NOFOLLOW).IsWhiteout);
        Assert.Equal("y"u8.ToArray(), FsCalls.GetXattrPath(Path.Combine(l2.Directory, "d"), "trusted.overlay.opaque"));

        s.Layers.Prepare("c", l2.ChainId);
        string target = Mount(s, "c");
        Assert.Equal(new[] { "keep" }, Directory.GetFileSystemEntries(Path.Combine(target, "a")).Select(Path.GetFileName));
        Assert.Equal(new[] { "new" }, Directory.GetFileSystemEntries(Path.Combine(target, "d")).Select(Path.GetFileName));

        System.IO.File.Delete(Path.Combine(target, "a/keep"));
        Directory.CreateDirectory(Path.Combine(target, "b"));
        System.IO.File.WriteAllText(Path.Combine(target, "b/added"), "x");
        System.IO.File.WriteAllText(Path.Combine(target, "d/new"), "changed");
        Directory.Delete(Path.Combine(target, "d"), recursive: true);
        Directory.CreateDirectory(Path.Combine(target, "d"));
        System.IO.File.WriteAllText(Path.Combine(target, "d/fresh"), "f");
        s.Layers.Unmount(target);
        _mounts.Remove(target);

        var changes = s.Layers.Changes("c").ToDictionary(c => c.Path, c => c.Kind);
        Assert.Equal(ChangeKind.Deleted, changes["/a/keep"]);
        Assert.Equal(ChangeKind.Added, changes["/b"]);
        Assert.Equal(ChangeKind.Added, changes["/b/added"]);
        Assert.Equal(ChangeKind.Modified, changes["/a"]);

        var diffTar = new MemoryStream();
        var diff = s.Layers.Diff("c", diffTar);
        Assert.Equal(diffTar.Length, diff.Size);
        diffTar.Position = 0;
        var names = new List<string>();
        using (var reader = new TarReader(diffTar, leaveOpen: true))
            while (reader.GetNextEntry() is { } e) names.Add(e.Name);
        Assert.Contains("a/.wh.keep", names);
        Assert.Contains("b/added", names);
        Assert.Contains("d/.wh..wh..opq", names);
        Assert.DoesNotContain(names, n => n.Contains("work"));

        diffTar.Position = 0;
        var l3 = await s.Layers.ApplyAsync(l2.ChainId, diffTar, new LayerApplyOptions { ExpectedDiffId = diff.DiffId });
        s.Layers.Prepare("check", l3.ChainId);
        string view = Mount(s, "check");
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(view, "a")));
        Assert.Equal("x", System.IO.File.ReadAllText(Path.Combine(view, "b/added")));
        Assert.Equal(new[] { "fresh" }, Directory.GetFileSystemEntries(Path.Combine(view, "d")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task CommitTurnsAContainersChangesIntoANewImage()
    {
        using var s = Open(OverlayMountMethod.Auto);
        var baseImage = await RootfsImporter.ImportAsync(s, new MemoryStream(Tar(w => { File(w, "etc/os", "base"); File(w, "etc/old", "o"); })),
            new ImportOptions { Reference = Berth.Oci.Images.ImageReference.Parse("base:1"), Config = new Berth.Oci.Images.ContainerConfig { Cmd = ["sh"] } });
        s.Layers.Prepare("ctr", baseImage.TopLayer);
        string target = Mount(s, "ctr");
        System.IO.File.WriteAllText(Path.Combine(target, "etc/new"), "n");
        System.IO.File.Delete(Path.Combine(target, "etc/old"));
        s.Layers.Unmount(target);
        _mounts.Remove(target);

        var committed = await ImageCommitter.CommitAsync(s, "ctr", baseImage, new CommitOptions
        {
            Reference = Berth.Oci.Images.ImageReference.Parse("committed:1"), Author = "tester", Comment = "a change", CreatedBy = "/bin/sh -c edit",
        });
        Assert.Equal(new[] { "committed:1" }, s.Images.RepoTags(committed.Id));
        var chain = s.Layers.Chain(committed.TopLayer);
        Assert.Equal(2, chain.Count);
        Assert.Equal(baseImage.TopLayer, chain[0].ChainId);
        Assert.Equal("n", System.IO.File.ReadAllText(Path.Combine(chain[1].Directory, "etc/new")));
        Assert.True(FsCalls.StatAt(null, Path.Combine(chain[1].Directory, "etc/old"), FsCalls.AT_SYMLINK_NOFOLLOW).IsWhiteout);
        var config = await s.Images.GetConfigAsync(committed.Id);
        Assert.Equal(2, config.RootFs.DiffIds.Count);
        Assert.Equal("tester", config.Author);
        Assert.Equal(["sh"], config.Config!.Cmd);
        Assert.Equal("/bin/sh -c edit", config.History![^1].CreatedBy);
    }

    [Fact]
    public void DevicesOwnersSpecialModesAndXattrsAreRestored()
    {
        string root = Path.Combine(_root, "tree");
        Directory.CreateDirectory(root);
        byte[] capability = [1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // cap_net_bind_service, v2
        byte[] tar = Tar(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.CharacterDevice, "dev/null") { DeviceMajor = 1, DeviceMinor = 3, Mode = (UnixFileMode)0x1B6 });
            w.WriteEntry(new PaxTarEntry(TarEntryType.BlockDevice, "dev/loop9") { DeviceMajor = 7, DeviceMinor = 9, Mode = (UnixFileMode)0x1B0, Gid = 6 });
            w.WriteEntry(new PaxTarEntry(TarEntryType.Fifo, "run/fifo") { Mode = (UnixFileMode)0x1A4 });
            File(w, "home/user/file", "mine", 0x180, 1000, 1001);
            File(w, "bin/suid", "s", 0x9ED, 0, 0);
            File(w, "bin/sgid-owned", "s", 0x5ED, 1000, 50); // setgid survives chown because chmod comes after it
            File(w, "bin/cap", "c", 0x1ED, 0, 0, new() { ["SCHILY.xattr.security.capability"] = Encoding.Latin1.GetString(capability), ["SCHILY.xattr.trusted.berth"] = "t" });
        });
        TarApplier.Apply(new MemoryStream(tar), root, new TarApplyOptions { PreserveOwners = true, CreateDevices = true });
        var dev = FsCalls.StatAt(null, Path.Combine(root, "dev/null"), FsCalls.AT_SYMLINK_NOFOLLOW);
        Assert.True(dev.IsCharDevice);
        Assert.Equal((1u, 3u), (dev.RdevMajor, dev.RdevMinor));
        Assert.Equal(0x1B6u, dev.Permissions);
        var blk = FsCalls.StatAt(null, Path.Combine(root, "dev/loop9"), FsCalls.AT_SYMLINK_NOFOLLOW);
        Assert.True(blk.IsBlockDevice);
        Assert.Equal(6u, blk.Gid);
        Assert.True(FsCalls.StatAt(null, Path.Combine(root, "run/fifo"), FsCalls.AT_SYMLINK_NOFOLLOW).IsFifo);
        var owned = FsCalls.StatAt(null, Path.Combine(root, "home/user/file"), 0);
        Assert.Equal((1000u, 1001u, 0x180u), (owned.Uid, owned.Gid, owned.Permissions));
        Assert.Equal(0x9EDu, FsCalls.StatAt(null, Path.Combine(root, "bin/suid"), 0).Permissions);
        var sgid = FsCalls.StatAt(null, Path.Combine(root, "bin/sgid-owned"), 0);
        Assert.Equal((0x5EDu, 1000u, 50u), (sgid.Permissions, sgid.Uid, sgid.Gid));
        Assert.Equal(capability, FsCalls.GetXattrPath(Path.Combine(root, "bin/cap"), "security.capability"));
        Assert.Equal("t"u8.ToArray(), FsCalls.GetXattrPath(Path.Combine(root, "bin/cap"), "trusted.berth"));
    }
}
