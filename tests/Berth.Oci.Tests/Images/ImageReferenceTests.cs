using Berth.Oci.Images;

namespace Berth.Oci.Tests.Images;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("library/busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36")]
    [InlineData("user/app", "docker.io/user/app:latest", "user/app:latest")]
    [InlineData("localhost:5000/a/b:v1", "localhost:5000/a/b:v1", "localhost:5000/a/b:v1")]
    [InlineData("127.0.0.1:5000/x", "127.0.0.1:5000/x:latest", "127.0.0.1:5000/x:latest")]
    public void NamesAreNormalisedAsDockerDoes(string given, string full, string familiar)
    {
        var r = ImageReference.Parse(given);
        Assert.Equal(full, r.ToString());
        Assert.Equal(familiar, r.FamiliarString);
    }

    [Fact]
    public void ADigestReferenceKeepsNoDefaultTag()
    {
        string hex = new('a', 64);
        var r = ImageReference.Parse("busybox@sha256:" + hex);
        Assert.Null(r.Tag);
        Assert.Equal("sha256:" + hex, r.ManifestReference);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("busybox:")]
    [InlineData("")]
    [InlineData("a b")]
    public void InvalidReferencesAreRefusedWithAReason(string given)
    {
        Assert.False(ImageReference.TryParse(given, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void DigestsAreCheckedAndHashed()
    {
        Assert.False(Digest.TryParse("sha256:abc", out _));
        Assert.True(Digest.TryParse("sha256:" + new string('0', 64), out var d));
        Assert.Equal("000000000000", d.Short);
        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest.Sha256([]).ToString());
    }

    [Fact]
    public void PlatformsAreNormalised()
    {
        var p = PlatformMatcher.Parse("linux/x86_64");
        Assert.Equal("linux", p.Os);
        Assert.Equal("amd64", p.Architecture);
        Assert.Throws<FormatException>(() => PlatformMatcher.Parse("linux//"));
    }
}
