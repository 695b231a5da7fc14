using Berth.Engine.SystemData;

namespace Berth.Engine.Tests.SystemData;

public sealed class DirectorySizeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine5-size-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void CountsFilesAndLinksOnceAndNotDirectories()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "a/b"));
        File.WriteAllBytes(Path.Combine(_dir, "a/b/f"), new byte[1000]);
        File.WriteAllBytes(Path.Combine(_dir, "g"), new byte[24]);
        File.CreateSymbolicLink(Path.Combine(_dir, "l"), "abcdef"); // 6 bytes
        Assert.Equal(0, Berth.Linux.Fs.FsCalls.TryLinkAt(null, Path.Combine(_dir, "g"), null, Path.Combine(_dir, "hard"), 0));
        Assert.Equal(1030, DirectorySize.Of(_dir));
        Assert.Equal(-1, DirectorySize.Of(Path.Combine(_dir, "missing")));
    }
}
