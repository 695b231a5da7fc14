using Berth.Oci.Images;

namespace Berth.Images.Tests;

public class PlatformMatcherTests
{
    private static Descriptor D(string os, string arch, string? variant = null) =>
        new() { Digest = $"{os}/{arch}/{variant}", Platform = new Platform { Os = os, Architecture = arch, Variant = variant } };

    [Theory]
    [InlineData("linux/amd64", "linux/amd64")]
    [InlineData("linux/x86_64", "linux/amd64")]
    [InlineData("linux/aarch64", "linux/arm64")]
    [InlineData("linux/arm64/v8", "linux/arm64")]
    [InlineData("linux/arm", "linux/arm/v7")]
    [InlineData("linux/armhf", "linux/arm/v7")]
    public void ParsesAndNormalises(string text, string normal) => Assert.Equal(normal, PlatformMatcher.Format(PlatformMatcher.Parse(text)));

    [Fact]
    public void PicksTheExactPlatform()
    {
        var list = new[] { D("linux", "arm64", "v8"), D("linux", "amd64"), D("windows", "amd64"), D("unknown", "unknown") };
        Assert.Equal("linux/amd64/", new PlatformMatcher(PlatformMatcher.Parse("linux/amd64")).Select(list)!.Digest);
        Assert.Equal("linux/arm64/v8", new PlatformMatcher(PlatformMatcher.Parse("linux/arm64")).Select(list)!.Digest);
        Assert.Null(new PlatformMatcher(PlatformMatcher.Parse("linux/s390x")).Select(list));
    }

    [Fact]
    public void ArmPrefersTheClosestOlderVariant()
    {
        var list = new[] { D("linux", "arm", "v5"), D("linux", "arm", "v6") };
        Assert.Equal("linux/arm/v6", new PlatformMatcher(PlatformMatcher.Parse("linux/arm/v7")).Select(list)!.Digest);
        Assert.Null(new PlatformMatcher(PlatformMatcher.Parse("linux/arm/v5")).Select(new[] { D("linux", "arm", "v7") }));
    }

    [Fact]
    public void OsMustMatch() => Assert.False(new PlatformMatcher(PlatformMatcher.Parse("linux/amd64")).Matches(new Platform { Os = "windows", Architecture = "amd64" }));

    [Fact]
    public void RejectsGarbage() => Assert.Throws<FormatException>(() => PlatformMatcher.Parse("linux//"));
}
