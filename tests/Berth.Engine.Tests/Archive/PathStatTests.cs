using System.Text.Json;
using Berth.Engine.Archive;
using Berth.Linux.Fs;

namespace Berth.Engine.Tests.Archive;

/// <summary>The X-Docker-Container-Path-Stat header: Go FileMode bits and Go's time format (values seen from dockerd 20.10).</summary>
public sealed class PathStatTests
{
    [Theory]
    [InlineData(0x41ED, 2147484141u)] // drwxr-xr-x
    [InlineData(0x81A4, 420u)]        // -rw-r--r--
    [InlineData(0xA1FF, 134218239u)]  // lrwxrwxrwx
    [InlineData(0x21B6, 69206454u)]   // crw-rw-rw- = ModeDevice|ModeCharDevice|0666
    [InlineData(0x89ED, 8389101u)]    // -rwsr-xr-x = ModeSetuid|0755
    [InlineData(0x43FF, 2148532735u)] // drwxrwxrwt = ModeDir|ModeSticky|0777
    [InlineData(0x11A4, 33554852u)]   // prw-r--r-- = ModeNamedPipe|0644
    public void ModeIsGosFileMode(uint stMode, uint expected) => Assert.Equal(expected, GoFileMode.From(stMode));

    [Fact]
    public void TimesAreRfc3339NanoWithoutTrailingZeros()
    {
        Assert.Equal("2026-11-29T19:34:01.996722411Z", PathStat.FormatTime(1795980841, 996722411));
        Assert.Equal("2026-11-29T19:34:01.5Z", PathStat.FormatTime(1795980841, 500000000));
        Assert.Equal("2026-11-29T19:34:01Z", PathStat.FormatTime(1795980841, 0));
    }

    [Fact]
    public void JsonHasDockersFieldNamesOnly()
    {
        var st = new FileStatus(0x41ED, 0, 0, 4096, 2, 1, 1, 0, 0, 1795980841, 996722411, 8);
        string json = JsonSerializer.Serialize(PathStat.From("d", st, ""), ArchiveJsonContext.Default.PathStat);
        Assert.Equal("""{"name":"d","size":4096,"mode":2147484141,"mtime":"2026-11-29T19:34:01.996722411Z","linkTarget":""}""", json);
    }
}
