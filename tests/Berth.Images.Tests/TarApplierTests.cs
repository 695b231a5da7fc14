using System.Formats.Tar;
using System.Text;
using Berth.Images.Archive;
using Berth.Images.Tests.Support;
using Berth.Linux.Fs;

namespace Berth.Images.Tests;

public class TarApplierTests
{
    private static TarApplyOptions Plain => new() { PreserveOwners = false, CreateDevices = false };

    [Fact]
    public void UnpacksFilesDirectoriesLinksModesAndTimes()
    {
        using var tmp = new TempDir();
        string root = tmp.Sub("root");
        var mtime = new DateTimeOffset(2021, 6, 7, 8, 9, 10, TimeSpan.Zero);
        byte[] tar = new TarBuilder()
            .Dir("etc/", 0x1ED)
            .File("etc/hostname", "box\n", 0x1A4, mtime: mtime)
            .File("bin/tool", "#!/bin/sh\n", 0x9ED) // 04755: setuid survives the umask and the order of calls
            .Dir("tmp/", 0x3FF)                      // 01777: sticky
            .Symlink("bin/sh", "/bin/busybox")
            .HardLink("etc/hostname2", "etc/hostname")
            .Build();

        var result = TarApplier.Apply(new MemoryStream(tar), root, Plain);

        Assert.Equal(6, result.Entries);
        Assert.Equal("box\n", File.ReadAllText(Path.Combine(root, "etc/hostname")));
        Assert.Equal(0x9EDu, FsCalls.StatAt(null, Path.Combine(root, "bin/tool"), 0).Permissions);
        Assert.Equal(0x3FFu, FsCalls.StatAt(null, Path.Combine(root, "tmp"), 0).Permissions);
        Assert.Equal("/bin/busybox", new FileInfo(Path.Combine(root, "bin/sh")).LinkTarget);
        var a = FsCalls.StatAt(null, Path.Combine(root, "etc/hostname"), 0);
        var b = FsCalls.StatAt(null, Path.Combine(root, "etc/hostname2"), 0);
        Assert.Equal(a.Inode, b.Inode);
        Assert.Equal(2u, a.Nlink);
        Assert.Equal(mtime.ToUnixTimeSeconds(), a.MtimeSeconds);
        // the directory's time is set after its files were written into it
        Assert.Equal(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeSeconds(),
            FsCalls.StatAt(null, Path.Combine(root, "etc"), 0).MtimeSeconds);
    }

    [Fact]
    public void ParentDirectoriesMissingFromTheTarAreCreated()
    {
        using var tmp = new TempDir();
        string root = tmp.Sub("root");
        TarApplier.Apply(new MemoryStream(new TarBuilder().File("a/b/c/d.txt", "deep").Build()), root, Plain);
        Assert.Equal("deep", File.ReadAllText(Path.Combine(root, "a/b/c/d.txt")));
    }

    [Fact]
    public void LaterEntriesReplaceEarlierOnes()
    {
        using var tmp = new TempDir();
        string root = tmp.Sub("root");
        byte[] tar = new TarBuilder()
            .File("x", "file").Dir("x/")            // file replaced by a directory
            .File("x/inner", "1")
            .File("y", "first").File("y", "second") // file replaced by a file
            .Dir("z/").File("z/child", "c").Symlink("z", "x") // directory with content replaced by a symlink
            .Build();
        TarApplier.Apply(new MemoryStream(tar), root, Plain);
        Assert.True(Directory.Exists(Path.Combine(root, "x")));
        Assert.Equal("second", File.ReadAllText(Path.Combine(root, "y")));
        Assert.Equal("x", new FileInfo(Path.Combine(root, "z")).LinkTarget);
    }

    [Fact]
    public void WhiteoutsBecomeOverlayCharacterDevices()
    {
        using var tmp = new TempDir();
        string root = tmp.Sub("root");
        TarApplier.Apply(new MemoryStream(new TarBuilder().Dir("etc/").File("etc/.wh.passwd", "").Build()), root, Plain);
        var st = FsCalls.StatAt(null, Path.Combine(root, "etc/passwd"), FsCalls.AT_SYMLINK_NOFOLLOW);
        Assert.True(st.IsWhiteout);
        Assert.False(File.Exists(Path.Combine(root, "etc/.wh.passwd")));
    }

    [Fact]
    public void WhiteoutsInRemoveModeDeletePathsAndOpaqueDirectoriesLoseOldChildren()
    {
        using var tmp = new TempDir();
        string root = tmp.Sub("root");
        var remove = new TarApplyOptions { Whiteouts = WhiteoutMode.Remove, PreserveOwners = false, CreateDevices = false };
        TarApplier.Apply(new MemoryStream(new TarBuilder().File("a/old", "1").File("a/keep", "2").File("gone", "3").Build()), root, remove);
        TarApplier.Apply(new MemoryStream(new TarBuilder().Dir("a/").File("a/new", "4").File("a/.wh..wh..opq", "").File(".wh.gone", "").Build()), root, remove);
        Assert.Equal(new[] { "new" }, Directory.EnumerateFileSystemEntries(Path.Combine(root, "a")).Select(Path.GetFileName).ToArray());
        Assert.False(File.Exists(Path.Combine(root, "gone")));
    }

    [Fact]
    public void PaxSparseFilesAreRestoredWithHoles()
    {
        using var tmp = new TempDir();
        string root = tmp.Sub("root");
        // GNU.sparse 1.0: map "2\n0\n4\n1048576\n3\n" padded to 512, then "abcd" and "xyz".
        string map = "2\n0\n4\n1048576\n3\n";
        var data = new List<byte>(Encoding.ASCII.GetBytes(map));
        while (data.Count % 512 != 0) data.Add(0);
        data.AddRange(Encoding.ASCII.GetBytes("abcdxyz"));
        var pax = new Dictionary<string, string>
        {
            ["GNU.sparse.major"] = "1", ["GNU.sparse.minor"] = "0", ["GNU.sparse.name"] = "sparse.bin", ["GNU.sparse.realsize"] = "1048579",
        };
        byte[] tar = new TarBuilder().File("GNUSparseFile.0/sparse.bin", data.ToArray(), pax: pax).Build();
        TarApplier.Apply(new MemoryStream(tar), root, Plain);
        byte[] content = File.ReadAllBytes(Path.Combine(root, "sparse.bin"));
        Assert.Equal(1048579, content.Length);
        Assert.Equal("abcd", Encoding.ASCII.GetString(content, 0, 4));
        Assert.Equal("xyz", Encoding.ASCII.GetString(content, 1048576, 3));
        Assert.All(content.AsSpan(4, 1000).ToArray(), b => Assert.Equal(0, b));
        var st = FsCalls.StatAt(null, Path.Combine(root, "sparse.bin"), 0);
        Assert.True(st.Blocks * 512 < 1048579, "the hole takes no blocks");
    }

    [Fact]
    public void UserXattrsFromPaxAreSet()
    {
        using var tmp = new TempDir();
        string root = tmp.Sub("root");
        var pax = new Dictionary<string, string> { ["SCHILY.xattr.user.color"] = "blue" };
        TarApplier.Apply(new MemoryStream(new TarBuilder().File("f", "x", pax: pax).Build()), root, Plain);
        byte[]? v = FsCalls.GetXattrPath(Path.Combine(root, "f"), "user.color");
        if (v is null) return; // the filesystem under /tmp has no user xattrs
        Assert.Equal("blue", Encoding.UTF8.GetString(v));
    }

    [Fact]
    public void TruncatedDataIsAnInvalidArgument()
    {
        using var tmp = new TempDir();
        string root = tmp.Sub("root");
        byte[] tar = new TarBuilder().File("big", new byte[100_000]).Build();
        var e = Assert.Throws<ImageException>(() => TarApplier.Apply(new MemoryStream(tar[..50_000]), root, Plain));
        Assert.Equal(ImageErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("big", e.Message);
    }

    [Theory]
    [InlineData("a/b", "a/b")]
    [InlineData("./a/./b/", "a/b")]
    [InlineData("/abs/path", "abs/path")]
    [InlineData("../../x", "x")]
    [InlineData("a/../../b", "b")]
    [InlineData(".", "")]
    [InlineData("/", "")]
    public void NamesAreCleanedAsIfRooted(string name, string expected) => Assert.Equal(expected, TarApplier.CleanName(name));

    [Fact]
    public void OldGnuSparseEntriesAreRefusedClearly()
    {
        using var tmp = new TempDir();
        string root = tmp.Sub("root");
        string src = tmp.Sub("src");
        using (var f = File.Create(Path.Combine(src, "s"))) { f.SetLength(1 << 20); f.Position = 1 << 19; f.WriteByte(1); }
        string tarFile = Path.Combine(tmp.Path, "s.tar");
        var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("tar", $"--sparse --format=gnu -cf {tarFile} -C {src} s") { RedirectStandardError = true })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        var e = Assert.Throws<ImageException>(() => TarApplier.Apply(File.OpenRead(tarFile), root, Plain));
        Assert.Contains("sparse", e.Message);
    }
}
