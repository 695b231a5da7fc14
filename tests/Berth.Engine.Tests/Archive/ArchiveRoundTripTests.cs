using System.Formats.Tar;
using Berth.Engine.Archive;
using Berth.Engine.Errors;
using Berth.Linux;
using Berth.Linux.Fs;

namespace Berth.Engine.Tests.Archive;

/// <summary>
/// docker cp's tar out (ArchiveWriter) and in (ArchiveExtractor) on plain directories: names as moby rebases them,
/// all-or-nothing extraction, and tars that try to leave the destination.
/// </summary>
public sealed class ArchiveRoundTripTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine5-archive-").FullName;
    private readonly string _root;

    public ArchiveRoundTripTests()
    {
        _root = Path.Combine(_dir, "root");
        Directory.CreateDirectory(Path.Combine(_root, "d/sub"));
        File.WriteAllText(Path.Combine(_root, "d/f"), "hello\n");
        File.WriteAllText(Path.Combine(_root, "d/sub/g"), "deep\n");
        File.CreateSymbolicLink(Path.Combine(_root, "d/rel"), "f");
        File.CreateSymbolicLink(Path.Combine(_root, "escape"), "/");
        File.CreateSymbolicLink(Path.Combine(_root, "dl"), "/d");
        Directory.CreateDirectory(Path.Combine(_dir, "outside"));
        File.WriteAllText(Path.Combine(_dir, "outside/secret"), "host file\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<List<string>> TarNamesAsync(string path)
    {
        using var root = RootDirectory.Open(_root);
        Assert.Equal(0, ResolvedPath.TryResolve(root, path, out var resolved));
        using (resolved)
        {
            var ms = new MemoryStream();
            await ArchiveWriter.WriteAsync(resolved!, ms, CancellationToken.None);
            ms.Position = 0;
            var names = new List<string>();
            using var reader = new TarReader(ms);
            while (reader.GetNextEntry() is { } e) names.Add(e.Name + (e.EntryType == TarEntryType.SymbolicLink ? " -> " + e.LinkName : ""));
            return names;
        }
    }

    [Fact]
    public async Task DirectoryEntriesAreRebasedLikeMoby()
    {
        Assert.Equal(["d/", "d/f", "d/rel -> f", "d/sub/", "d/sub/g"], await TarNamesAsync("/d"));
        Assert.Equal(["./", "./f", "./rel -> f", "./sub/", "./sub/g"], await TarNamesAsync("/d/."));
        Assert.Equal(["f"], await TarNamesAsync("/d/f"));
        Assert.Equal(["dl -> /d"], await TarNamesAsync("/dl"));
        Assert.Equal(["dl/", "dl/f", "dl/rel -> f", "dl/sub/", "dl/sub/g"], await TarNamesAsync("/dl/"));
    }

    [Fact]
    public async Task ASymlinkToSlashStaysInsideTheRoot()
    {
        // "/escape/" follows escape -> "/", which is the root itself, never the host's "/".
        var names = await TarNamesAsync("/escape/");
        Assert.Contains("escape/d/f", names);
        Assert.DoesNotContain(names, n => n.Contains("outside", StringComparison.Ordinal) || n.Contains("etc/passwd", StringComparison.Ordinal));
        using var root = RootDirectory.Open(_root);
        Assert.Equal("/d/f", ResolvedPath.FollowInScope(root, "/dl/rel"));
        Assert.Equal("/", ResolvedPath.FollowInScope(root, "/escape/.."));
        Assert.Equal("/nonexist/x", ResolvedPath.FollowInScope(root, "/escape/nonexist/x"));
    }

    [Fact]
    public void MissingPathsReportEnoent()
    {
        using var root = RootDirectory.Open(_root);
        Assert.Equal(Errnos.ENOENT, ResolvedPath.TryResolve(root, "/nope", out _));
        Assert.Equal(Errnos.ENOTDIR, ResolvedPath.TryResolve(root, "/d/f/", out _));
    }

    private static MemoryStream Tar(params (string Name, TarEntryType Type, string? Data, string? Link)[] entries)
    {
        var ms = new MemoryStream();
        using (var w = new TarWriter(ms, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, type, data, link) in entries)
            {
                var e = new PaxTarEntry(type, name) { Mode = (UnixFileMode)0x1A4 };
                if (type == TarEntryType.Directory) e.Mode = (UnixFileMode)0x1ED;
                if (data is not null) e.DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(data));
                if (link is not null) e.LinkName = link;
                w.WriteEntry(e);
            }
        }
        ms.Position = 0;
        return ms;
    }

    private async Task ExtractAsync(Stream tar, string destInsideRoot, bool noOverwrite = true)
    {
        using var root = RootDirectory.Open(_root);
        using var dest = root.Open(destInsideRoot, FsCalls.O_RDONLY | FsCalls.O_DIRECTORY);
        await ArchiveExtractor.ExtractAsync(tar, dest, new ArchiveExtractor.Options { NoOverwriteDirNonDir = noOverwrite, DisplayPath = destInsideRoot }, CancellationToken.None);
    }

    [Fact]
    public async Task ExtractMergesIntoExistingDirectoriesAndReplacesFiles()
    {
        await ExtractAsync(Tar(("d/", TarEntryType.Directory, null, null), ("d/f", TarEntryType.RegularFile, "new\n", null),
            ("d/n", TarEntryType.RegularFile, "added\n", null), ("x/y/z", TarEntryType.RegularFile, "made parents\n", null)), "/");
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(_root, "d/f")));
        Assert.Equal("added\n", File.ReadAllText(Path.Combine(_root, "d/n")));
        Assert.Equal("deep\n", File.ReadAllText(Path.Combine(_root, "d/sub/g")));
        Assert.Equal("made parents\n", File.ReadAllText(Path.Combine(_root, "x/y/z")));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(_root), p => Path.GetFileName(p).StartsWith(".berth-cp-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AConflictLeavesTheDestinationAsItWas()
    {
        var before = Snapshot();
        var e = await Assert.ThrowsAsync<EngineException>(() => ExtractAsync(Tar(("a", TarEntryType.RegularFile, "a\n", null),
            ("d/sub", TarEntryType.RegularFile, "not a dir\n", null)), "/"));
        Assert.Contains("cannot overwrite directory", e.Message);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task ATruncatedTarLeavesTheDestinationAsItWas()
    {
        var before = Snapshot();
        var full = Tar(("d/f", TarEntryType.RegularFile, "replaced\n", null), ("big", TarEntryType.RegularFile, new string('x', 100_000), null)).ToArray();
        var cut = new MemoryStream(full[..(full.Length / 2)]);
        await Assert.ThrowsAsync<EngineException>(() => ExtractAsync(cut, "/"));
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task TarSymlinksCannotLeadOutside()
    {
        // A symlink to "/" and a file through it: the file lands inside the destination, the host file is untouched.
        await ExtractAsync(Tar(("l", TarEntryType.SymbolicLink, null, "/"), ("l/outside/secret", TarEntryType.RegularFile, "pwned\n", null),
            ("up", TarEntryType.SymbolicLink, null, "../../.."), ("up/outside/secret2", TarEntryType.RegularFile, "pwned\n", null)), "/d");
        Assert.Equal("host file\n", File.ReadAllText(Path.Combine(_dir, "outside/secret")));
        Assert.False(File.Exists(Path.Combine(_dir, "outside/secret2")));
        await Assert.ThrowsAsync<EngineException>(() => ExtractAsync(Tar(("../../outside/x", TarEntryType.RegularFile, "pwned\n", null)), "/d"));
        Assert.False(File.Exists(Path.Combine(_dir, "outside/x")));
    }

    [Fact]
    public void BreakoutNamesAreRefused()
    {
        Assert.Equal("a/b", ArchiveExtractor.Relative("./a//b/"));
        Assert.Equal("", ArchiveExtractor.Relative("./"));
        Assert.Equal("b", ArchiveExtractor.Relative("a/../b"));
        Assert.Throws<EngineException>(() => ArchiveExtractor.Relative("../x"));
        Assert.Throws<EngineException>(() => ArchiveExtractor.Relative("a/../../x"));
    }

    [Fact]
    public void UstarIsUsedOnlyWhereItFits()
    {
        Assert.True(ArchiveWriter.FitsUstar("d/f", ""));
        Assert.True(ArchiveWriter.FitsUstar(new string('a', 150) + "/" + new string('b', 99), ""));
        Assert.False(ArchiveWriter.FitsUstar(new string('a', 101), ""));
        Assert.False(ArchiveWriter.FitsUstar("é", ""));
        Assert.False(ArchiveWriter.FitsUstar("l", new string('t', 101)));
    }

    /// <summary>Every entry below the root with its content, symlinks listed but never followed (one leads to "/").</summary>
    private string Snapshot()
    {
        var lines = new List<string>();
        void Walk(string dir)
        {
            foreach (var p in Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(p);
                if (info.LinkTarget is { } link) lines.Add(p + " -> " + link);
                else if (Directory.Exists(p)) { lines.Add(p + "/"); Walk(p); }
                else lines.Add(p + ":" + File.ReadAllText(p));
            }
        }
        Walk(_root);
        return string.Join('\n', lines);
    }
}
