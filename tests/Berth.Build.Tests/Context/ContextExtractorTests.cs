using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Berth.Build.Context;

namespace Berth.Build.Tests.Context;

public sealed class ContextExtractorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-ctx-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Tar(Action<TarWriter> write)
    {
        var ms = new MemoryStream();
        using (var w = new TarWriter(ms, TarEntryFormat.Pax, leaveOpen: true)) write(w);
        return ms.ToArray();
    }

    private static PaxTarEntry File(string name, string content, int mode = 0x1A4) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), Mode = (UnixFileMode)mode, ModificationTime = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000) };

    [Fact]
    public void Unpacks_and_hashes_each_entry_like_tarsum()
    {
        var tar = Tar(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "files/") { Mode = (UnixFileMode)0x1ED });
            w.WriteEntry(File("files/a.txt", "hello\n"));
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = "files/a.txt", Mode = (UnixFileMode)0x1FF });
        });
        using var ctx = ContextExtractor.Extract(new MemoryStream(tar), Path.Combine(_dir, "c"), CancellationToken.None);
        Assert.Equal("hello\n", System.IO.File.ReadAllText(Path.Combine(ctx.Root, "files/a.txt")));
        // tarsum v1: name mode uid gid size typeflag linkname uname(blank) gname(blank) devmajor devminor, then the data.
        string header = "namefiles/a.txtmode420uid0gid0size6typeflag0linknameunamegnamedevmajor0devminor0";
        string expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(header + "hello\n")));
        Assert.Equal(expected, ctx.SumOf("files/a.txt"));
        Assert.NotNull(ctx.SumOf("files"));
        // A symlink is hashed as what it points at, since that is what COPY copies.
        Assert.Equal(expected, ctx.Hash("link"));
        Assert.Equal("missing", ctx.Hash("missing"));
    }

    [Fact]
    public void Gzip_context_and_dockerignore()
    {
        var tar = Tar(w =>
        {
            w.WriteEntry(File(".dockerignore", "*.log\nsecret/\n!secret/keep\n"));
            w.WriteEntry(File("Dockerfile", "FROM x\n"));
            w.WriteEntry(File("app.log", "x"));
            w.WriteEntry(File("secret/drop", "x"));
            w.WriteEntry(File("secret/keep", "x"));
        });
        var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Fastest, leaveOpen: true)) z.Write(tar);
        gz.Position = 0;
        using var ctx = ContextExtractor.Extract(gz, Path.Combine(_dir, "g"), CancellationToken.None);
        ctx.ApplyIgnore(DockerIgnore.Parse(Encoding.UTF8.GetString(ctx.ReadFile(".dockerignore")!)));
        Assert.False(System.IO.File.Exists(Path.Combine(ctx.Root, "app.log")));
        Assert.False(System.IO.File.Exists(Path.Combine(ctx.Root, "secret/drop")));
        Assert.True(System.IO.File.Exists(Path.Combine(ctx.Root, "secret/keep")));
        Assert.Null(ctx.SumOf("app.log"));
        Assert.Equal("FROM x\n", Encoding.UTF8.GetString(ctx.ReadFile("Dockerfile")!));
    }

    [Fact]
    public void Entries_cannot_escape_through_planted_symlinks()
    {
        string outside = Path.Combine(_dir, "outside");
        Directory.CreateDirectory(outside);
        var tar = Tar(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "evil") { LinkName = outside });
            w.WriteEntry(File("evil/pwned", "x"));
            w.WriteEntry(File("../../escape", "x"));
        });
        // The planted link resolves inside the context: whether the write fails or lands under the context root, nothing escapes.
        try
        {
            using var planted = ContextExtractor.Extract(new MemoryStream(tar), Path.Combine(_dir, "e"), CancellationToken.None);
            Assert.True(System.IO.File.Exists(Path.Combine(planted.Root, outside.TrimStart('/'), "pwned")));
        }
        catch (BuildException) { }
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        var tar2 = Tar(w => w.WriteEntry(File("../../escape", "x")));
        using var ctx = ContextExtractor.Extract(new MemoryStream(tar2), Path.Combine(_dir, "e2"), CancellationToken.None);
        Assert.True(System.IO.File.Exists(Path.Combine(ctx.Root, "escape")));
    }

    [Fact]
    public void A_bare_dockerfile_body_is_accepted()
    {
        using var ctx = ContextExtractor.Extract(new MemoryStream(Encoding.UTF8.GetBytes("FROM busybox\nRUN true\n")), Path.Combine(_dir, "b"), CancellationToken.None);
        Assert.True(ctx.IsEmpty);
        Assert.Equal("FROM busybox\nRUN true\n", Encoding.UTF8.GetString(ctx.ReadFile("Dockerfile")!));
    }

    [Fact]
    public void A_context_cut_after_its_last_entry_data_is_accepted()
    {
        // What the docker CLI sends for `build -f- dir`: the added Dockerfile's data, then no padding and no end blocks.
        var tar = Tar(w =>
        {
            w.WriteEntry(File("a.txt", "a"));
            w.WriteEntry(File(".dockerfile.0123", "FROM busybox\n"));
        });
        int cut = tar.Length - 1024 - (512 - "FROM busybox\n".Length);
        using var ctx = ContextExtractor.Extract(new MemoryStream(tar[..cut]), Path.Combine(_dir, "cut"), CancellationToken.None);
        Assert.Equal("FROM busybox\n", Encoding.UTF8.GetString(ctx.ReadFile(".dockerfile.0123")!));
        // Cut inside the data: still an error.
        Assert.Throws<BuildException>(() => ContextExtractor.Extract(new MemoryStream(tar[..(cut - 3)]), Path.Combine(_dir, "cut2"), CancellationToken.None));
    }
}
