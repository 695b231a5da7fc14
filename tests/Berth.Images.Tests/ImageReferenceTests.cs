using Berth.Oci.Images;

namespace Berth.Images.Tests;

public class ImageReferenceTests
{
    [Theory]
    [InlineData("busybox", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("busybox:1.36", "docker.io/library/busybox:1.36", "busybox:1.36")]
    [InlineData("library/busybox", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("docker.io/busybox", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("index.docker.io/library/busybox", "docker.io/library/busybox:latest", "busybox:latest")]
    [InlineData("user/app:v1", "docker.io/user/app:v1", "user/app:v1")]
    [InlineData("localhost/app", "localhost/app:latest", "localhost/app:latest")]
    [InlineData("localhost:5000/x", "localhost:5000/x:latest", "localhost:5000/x:latest")]
    [InlineData("127.0.0.1:5000/a/b/c:t", "127.0.0.1:5000/a/b/c:t", "127.0.0.1:5000/a/b/c:t")]
    [InlineData("127.0.0.1:56045/bench/big:latest", "127.0.0.1:56045/bench/big:latest", "127.0.0.1:56045/bench/big:latest")]
    [InlineData("ghcr.io/org/img", "ghcr.io/org/img:latest", "ghcr.io/org/img:latest")]
    [InlineData("Foo/bar", "Foo/bar:latest", "Foo/bar:latest")]
    [InlineData("[::1]:5000/x", "[::1]:5000/x:latest", "[::1]:5000/x:latest")]
    [InlineData("a__b/c-d.e_f", "docker.io/a__b/c-d.e_f:latest", "a__b/c-d.e_f:latest")]
    public void NormalisesLikeDocker(string input, string full, string familiar)
    {
        var r = ImageReference.Parse(input);
        Assert.Equal(full, r.ToString());
        Assert.Equal(familiar, r.FamiliarString);
    }

    [Fact]
    public void DigestReferencesGetNoDefaultTag()
    {
        string hex = new('a', 64);
        var r = ImageReference.Parse("busybox@sha256:" + hex);
        Assert.Null(r.Tag);
        Assert.Equal("sha256:" + hex, r.Digest.ToString());
        Assert.Equal("docker.io/library/busybox@sha256:" + hex, r.ToString());
        Assert.Equal("sha256:" + hex, r.ManifestReference);

        var both = ImageReference.Parse("localhost:5000/x:1.0@sha256:" + hex);
        Assert.Equal("1.0", both.Tag);
        Assert.Equal("sha256:" + hex, both.ManifestReference);
    }

    [Theory]
    [InlineData("")]
    [InlineData("UPPER")]
    [InlineData("busybox:")]
    [InlineData("busybox:bad tag")]
    [InlineData("busybox@sha256:abc")]
    [InlineData("-leadingdash")]
    [InlineData("a//b")]
    [InlineData("host:port:5000/x")]
    [InlineData("busybox@md5:0123456789abcdef0123456789abcdef")]
    public void RejectsInvalidReferences(string input)
    {
        Assert.False(ImageReference.TryParse(input, out _, out string? error));
        Assert.StartsWith("invalid reference format", error);
    }

    [Fact]
    public void UppercaseRepositoryIsExplained()
    {
        Assert.False(ImageReference.TryParse("docker.io/Library/Busybox", out _, out string? error));
        Assert.Contains("must be lowercase", error);
    }

    [Fact]
    public void TooLongNamesAreRejected()
    {
        Assert.False(ImageReference.TryParse("x/" + new string('a', 260), out _, out string? error));
        Assert.Contains("255", error);
    }

    [Fact]
    public void ImageIdsAreRecognised()
    {
        Assert.True(ImageReference.LooksLikeImageId("0123abcd"));
        Assert.True(ImageReference.LooksLikeImageId("sha256:" + new string('f', 64)));
        Assert.False(ImageReference.LooksLikeImageId("busybox"));
        Assert.False(ImageReference.LooksLikeImageId(new string('f', 65)));
    }

    [Fact]
    public void WithTagAndDigestKeepTheRepository()
    {
        var r = ImageReference.Parse("localhost:5000/x:1");
        Assert.Equal("localhost:5000/x:2", r.WithTag("2").ToString());
        var d = Digest.Sha256("x"u8);
        Assert.Equal($"localhost:5000/x@{d}", r.WithDigest(d).ToString());
        Assert.Throws<FormatException>(() => r.WithTag("bad tag"));
    }
}
