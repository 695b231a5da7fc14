namespace Berth.IntegrationTests.Cli;

/// <summary>build, save/load, import, export and cp: same outputs and same bytes as with the docker CLI.</summary>
[Trait("Category", "Integration")]
public sealed class ImageTransferTests(DockerdFixture daemon) : IClassFixture<DockerdFixture>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("berth-cli-transfer-").FullName;

    private ProcessRunner.Result Run(string cli, params string[] args) =>
        ProcessRunner.Run(cli, args, daemon.Env(Path.Combine(_work, "cfg")), "", TimeSpan.FromSeconds(120), _work);

    [Fact]
    public void BuildPrintsTheSameStream()
    {
        string ctx = Path.Combine(_work, "ctx");
        Directory.CreateDirectory(ctx);
        File.WriteAllText(Path.Combine(ctx, "Dockerfile"), "FROM busybox\nARG X=1\nRUN echo hello-$X > /x\nCMD [\"cat\",\"/x\"]\n");
        File.WriteAllText(Path.Combine(ctx, "file.txt"), "data\n");
        File.WriteAllText(Path.Combine(ctx, ".dockerignore"), "ignored\n");
        File.WriteAllText(Path.Combine(ctx, "ignored"), "big\n");
        var d = Run(Binaries.Docker, "build", "--no-cache", "--build-arg", "X=2", "-t", "built:d", ctx);
        var b = Run(Binaries.Berth, "build", "--no-cache", "--build-arg", "X=2", "-t", "built:b", ctx);
        Assert.Equal(0, d.Code);
        Assert.Equal(0, b.Code);
        var n1 = new OutputNormalizer();
        var n2 = new OutputNormalizer();
        Assert.Equal(n1.Normalize(d.Out.Replace("built:d", "built:x")), n2.Normalize(b.Out.Replace("built:b", "built:x")));
        Assert.Equal("hello-2\n", Run(Binaries.Berth, "run", "--rm", "built:b").Out);
        var q = Run(Binaries.Berth, "build", "-q", ctx);
        Assert.Matches("^sha256:[0-9a-f]{64}\n$", q.Out);
        var fail = Run(Binaries.Berth, "build", "-f", Path.Combine(ctx, "missing"), ctx);
        Assert.Equal(1, fail.Code);
        daemon.Docker("rmi", "-f", "built:d", "built:b");
    }

    [Fact]
    public void SaveLoadImportExportAndCopy()
    {
        string tar = Path.Combine(_work, "img.tar");
        Assert.Equal(0, Run(Binaries.Berth, "save", "-o", tar, "busybox").Code);
        Assert.True(new FileInfo(tar).Length > 1_000_000);
        var dl = Run(Binaries.Docker, "load", "-i", tar);
        var bl = Run(Binaries.Berth, "load", "-i", tar);
        Assert.Equal((dl.Code, dl.Out, dl.Err), (bl.Code, bl.Out, bl.Err));

        var di = Run(Binaries.Docker, "import", daemon.RootfsTar, "imported:d");
        var bi = Run(Binaries.Berth, "import", daemon.RootfsTar, "imported:b");
        Assert.Equal(0, bi.Code);
        Assert.Matches("^sha256:[0-9a-f]{64}\n$", di.Out);
        Assert.Matches("^sha256:[0-9a-f]{64}\n$", bi.Out);

        Assert.Equal(0, Run(Binaries.Berth, "create", "--name", "xfer", "busybox", "true").Code);
        File.WriteAllText(Path.Combine(_work, "in.txt"), "copied in\n");
        var cpIn = Run(Binaries.Berth, "cp", Path.Combine(_work, "in.txt"), "xfer:/tmp/");
        Assert.Equal((0, ""), (cpIn.Code, cpIn.Out));
        var cpOut = Run(Binaries.Berth, "cp", "xfer:/tmp/in.txt", Path.Combine(_work, "out.txt"));
        Assert.Equal(0, cpOut.Code);
        Assert.Equal("copied in\n", File.ReadAllText(Path.Combine(_work, "out.txt")));
        Assert.Equal(0, Run(Binaries.Docker, "cp", "xfer:/bin", Path.Combine(_work, "bin-d")).Code);
        Assert.Equal(0, Run(Binaries.Berth, "cp", "xfer:/bin", Path.Combine(_work, "bin-b")).Code);
        Assert.Equal(Directory.GetFileSystemEntries(Path.Combine(_work, "bin-d")).Select(Path.GetFileName).Order(),
            Directory.GetFileSystemEntries(Path.Combine(_work, "bin-b")).Select(Path.GetFileName).Order());
        var stream = Run(Binaries.Berth, "cp", "xfer:/tmp/in.txt", "-");
        Assert.Contains("copied in", stream.Out);

        Assert.Equal(0, Run(Binaries.Docker, "export", "-o", Path.Combine(_work, "d.tar"), "xfer").Code);
        Assert.Equal(0, Run(Binaries.Berth, "export", "-o", Path.Combine(_work, "b.tar"), "xfer").Code);
        Assert.Equal(new FileInfo(Path.Combine(_work, "d.tar")).Length, new FileInfo(Path.Combine(_work, "b.tar")).Length);
        var refused = Run(Binaries.Berth, "cp", "xfer:/tmp/in.txt", "xfer:/tmp/x");
        Assert.Equal("copying between containers is not supported\n", refused.Err);
        daemon.Docker("rm", "-f", "xfer");
        daemon.Docker("rmi", "imported:d", "imported:b");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
