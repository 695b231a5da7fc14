using Berth.Images.Archive;
using Berth.Images.Tests.Support;
using Berth.Linux.Fs;

namespace Berth.Images.Tests;

/// <summary>Every tar in Corpus/ is applied; none may create, change or link anything outside the root.</summary>
public class BreakoutCorpusTests
{
    private static string CorpusDir => Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static IEnumerable<object[]> CorpusFiles() =>
        Directory.EnumerateFiles(CorpusDir, "*.tar").Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    [Fact]
    public void CorpusFolderHoldsEveryGeneratedCase()
    {
        string source = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(source, "Berth.Images.Tests.csproj"))) source = Path.GetDirectoryName(source)!;
        source = Path.Combine(source, "Corpus");
        bool regenerate = Environment.GetEnvironmentVariable("BERTH_REGEN_CORPUS") == "1";
        foreach (var (name, tar) in MaliciousTars.All())
        {
            string file = Path.Combine(source, name + ".tar");
            if (regenerate) File.WriteAllBytes(file, tar);
            Assert.True(File.Exists(file), $"corpus case {name} is missing: run with BERTH_REGEN_CORPUS=1");
        }
        Assert.True(Directory.EnumerateFiles(CorpusDir, "*.tar").Count() >= MaliciousTars.All().Count());
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void NothingIsWrittenOutsideTheRoot(string file)
    {
        using var tmp = new TempDir();
        string root = tmp.Sub("root");
        string outside = tmp.Sub("outside");
        string victim = Path.Combine(outside, "victim");
        File.WriteAllText(victim, "original");
        var victimStat = FsCalls.StatAt(null, victim, 0);
        File.Delete("/tmp/berth-pwned");

        byte[] tar = File.ReadAllBytes(Path.Combine(CorpusDir, file));
        try
        {
            TarApplier.Apply(new MemoryStream(tar), root, new TarApplyOptions());
        }
        catch (ImageException)
        {
            // refusing the archive is fine; writing outside is not.
        }

        Assert.Equal(new[] { "outside", "root" }, Directory.EnumerateFileSystemEntries(tmp.Path).Select(Path.GetFileName).Order().ToArray());
        Assert.Equal(new[] { "victim" }, Directory.EnumerateFileSystemEntries(outside).Select(Path.GetFileName).ToArray());
        Assert.Equal("original", File.ReadAllText(victim));
        var after = FsCalls.StatAt(null, victim, 0);
        Assert.Equal(1u, after.Nlink);
        Assert.Equal(victimStat.Mode, after.Mode);
        Assert.Empty(FsCalls.ListXattrsPath(victim));
        Assert.Empty(FsCalls.ListXattrsPath(outside));
        Assert.False(Path.Exists("/tmp/berth-pwned"));
        Assert.False(Path.Exists("/tmp/berth-victim-hardlink"));
    }
}
