using Berth.Cli.Formatting;
using Berth.Cli.Parsing;

namespace Berth.Cli.Tests.Formatting;

/// <summary>docker/go-units sizes, as `ps -s`, `images` and `system df` print them.</summary>
public class UnitsTests
{
    [Theory]
    [InlineData(0, "0B")]
    [InlineData(999, "999B")]
    [InlineData(1000, "1kB")]
    [InlineData(1024, "1.024kB")]
    [InlineData(1_984_000, "1.984MB")]
    [InlineData(1_000_000_000, "1GB")]
    [InlineData(3072, "3.072kB")]
    [InlineData(999_999, "1000kB")]
    [InlineData(123_456_789, "123.5MB")]
    public void HumanSize(double size, string expected) => Assert.Equal(expected, Units.HumanSize(size));

    [Theory]
    [InlineData(1_980_000, 3, "1.98MB")]
    [InlineData(999_999, 3, "1e+03kB")]
    [InlineData(6, 3, "6B")]
    [InlineData(0, 3, "0B")]
    [InlineData(1_536, 3, "1.54kB")]
    public void HumanSizeWithPrecision(double size, int precision, string expected) =>
        Assert.Equal(expected, Units.HumanSizeWithPrecision(size, precision));

    [Theory]
    [InlineData(536870912, "512MiB")]
    [InlineData(1024, "1KiB")]
    [InlineData(1536, "1.5KiB")]
    [InlineData(0, "0B")]
    [InlineData(8_000_000_000, "7.451GiB")]
    public void BytesSize(double size, string expected) => Assert.Equal(expected, Units.BytesSize(size));

    [Theory]
    [InlineData("512m", 536870912)]
    [InlineData("512M", 536870912)]
    [InlineData("1g", 1073741824)]
    [InlineData("1.5k", 1536)]
    [InlineData("100", 100)]
    [InlineData("10b", 10)]
    [InlineData("2 MiB", 2097152)]
    [InlineData("4kb", 4096)]
    public void RamInBytes(string text, long expected) => Assert.Equal(expected, Units.RamInBytes(text));

    [Theory]
    [InlineData("abc", "invalid size: 'abc'")]
    [InlineData("10x", "invalid suffix: 'x'")]
    [InlineData("10mbb", "invalid suffix: 'mbb'")]
    [InlineData("-5m", "invalid size: '-5m'")]
    public void RamInBytesErrors(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FlagValueException>(() => Units.RamInBytes(text)).Message);
}
