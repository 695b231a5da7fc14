using Berth.Oci.Images;
using Berth.Registry.Tests.Support;

namespace Berth.Registry.Tests;

public class PullTests
{
    private static readonly ImageReference Ref = ImageReference.Parse("fake.registry/team/app:1");

    [Fact]
    public async Task PullsAnImageWithProgressAndNames()
    {
        using var s = new Scratch();
        var (config, manifest, tars) = s.Registry.AddImage("team/app", "1");
        var events = new Events();
        var result = await s.Client.PullAsync(Ref, null, events);
        Assert.Equal(config, result.Image.Id);
        Assert.Equal(manifest, result.Digest);
        Assert.False(result.UpToDate);
        Assert.Equal(new[] { "fake.registry/team/app:1" }, s.Storage.Images.RepoTags(config));
        Assert.Equal(new[] { $"fake.registry/team/app@{manifest}" }, s.Storage.Images.RepoDigests(config));
        Assert.Equal(2, s.Storage.Layers.Chain(result.Image.TopLayer).Count);
        Assert.Contains("Pulling fs layer", events.Texts);
        Assert.Contains("Downloading", events.Texts);
        Assert.Contains("Verifying Checksum", events.Texts);
        Assert.Contains("Download complete", events.Texts);
        Assert.Equal(2, events.Texts.Count(t => t == "Pull complete"));

        var again = new Events();
        var second = await s.Client.PullAsync(Ref, null, again);
        Assert.True(second.UpToDate);
        Assert.Equal(2, again.Texts.Count(t => t == "Already exists"));
    }

    [Fact]
    public async Task RetriesServerErrors()
    {
        using var s = new Scratch();
        s.Registry.AddImage("team/app", "1");
        s.Registry.FailNextRequestsWith503 = 2;
        var result = await s.Client.PullAsync(Ref);
        Assert.NotNull(result.Image);
    }

    [Fact]
    public async Task GivesUpOnAPersistentServerErrorWithANamedError()
    {
        using var s = new Scratch(retries: 2);
        s.Registry.AddImage("team/app", "1");
        s.Registry.FailNextRequestsWith503 = 100;
        var e = await Assert.ThrowsAsync<Images.ImageException>(() => s.Client.PullAsync(Ref));
        Assert.Equal(Images.ImageErrorKind.Unavailable, e.Kind);
        Assert.Contains("team/app", e.Message);
        Assert.Empty(s.Storage.Images.List());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ResumesABrokenBlobDownload(bool serverIgnoresRange)
    {
        using var s = new Scratch();
        s.Registry.AddImage("team/app", "1", layers: 1, fileSize: 400_000);
        s.Registry.BreakBlobAfterBytes = 100_000;
        s.Registry.BlobBreaksLeft = 2;
        s.Registry.IgnoreRange = serverIgnoresRange;
        var result = await s.Client.PullAsync(Ref);
        Assert.NotNull(result.Image);
        if (!serverIgnoresRange) Assert.Contains(s.Registry.Log, l => l.Contains("bytes=100000-"));
        Assert.Equal(0, s.Registry.BlobBreaksLeft);
    }

    [Fact]
    public async Task AWrongBlobIsDataLossAndNoImageIsVisible()
    {
        using var s = new Scratch();
        s.Registry.AddImage("team/app", "1", layers: 1);
        var layerKey = s.Registry.Blobs.Keys.First(k => s.Registry.Blobs[k].Length > 1000);
        var good = s.Registry.Blobs[layerKey];
        var bad = (byte[])good.Clone();
        bad[^20] ^= 1; // inside the gzip trailer region: the tar may still unpack, the digest will not match
        s.Registry.Blobs[layerKey] = bad;
        var e = await Assert.ThrowsAsync<Images.ImageException>(() => s.Client.PullAsync(Ref));
        Assert.Contains("fake.registry/team/app:1", e.Message);
        Assert.Empty(s.Storage.Images.List());
        Assert.Empty(s.Storage.Layers.List());
        Assert.False(s.Storage.Content.Exists(Digest.Parse(layerKey)));

        s.Registry.Blobs[layerKey] = good; // the next pull completes
        Assert.NotNull((await s.Client.PullAsync(Ref)).Image);
    }

    [Fact]
    public async Task UnknownManifestIsNotFoundNamingTheImage()
    {
        using var s = new Scratch();
        var e = await Assert.ThrowsAsync<Images.ImageException>(() => s.Client.PullAsync(ImageReference.Parse("fake.registry/none/here:v9")));
        Assert.Equal(Images.ImageErrorKind.NotFound, e.Kind);
        Assert.StartsWith("manifest for fake.registry/none/here:v9 not found", e.Message);
        Assert.Contains("manifest unknown", e.Message);
    }

    [Fact]
    public async Task GarbageManifestIsDataLoss()
    {
        using var s = new Scratch();
        s.Registry.Manifests["team/app:1"] = ("<html>not json</html>"u8.ToArray(), "text/html");
        var e = await Assert.ThrowsAsync<Images.ImageException>(() => s.Client.PullAsync(Ref));
        Assert.Equal(Images.ImageErrorKind.DataLoss, e.Kind);
        Assert.Contains("team/app", e.Message);
    }

    [Fact]
    public async Task UnsupportedMediaTypesAreRefused()
    {
        using var s = new Scratch();
        s.Registry.Manifests["team/app:1"] = ("{\"schemaVersion\":1,\"fsLayers\":[]}"u8.ToArray(), "application/vnd.docker.distribution.manifest.v1+prettyjws");
        var e = await Assert.ThrowsAsync<Images.ImageException>(() => s.Client.PullAsync(Ref));
        Assert.Equal(Images.ImageErrorKind.NotImplemented, e.Kind);
        Assert.Contains("schema 1", e.Message);

        s.Registry.Manifests["team/app:1"] = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.cncf.helm.config.v1+json\",\"digest\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\",\"size\":1},\"layers\":[]}"u8.ToArray(), MediaTypes.OciManifest);
        e = await Assert.ThrowsAsync<Images.ImageException>(() => s.Client.PullAsync(Ref));
        Assert.Contains("unsupported config media type", e.Message);
    }

    [Fact]
    public async Task PicksThePlatformFromAnIndexOrNamesThoseAvailable()
    {
        using var s = new Scratch();
        var (amdConfig, amd, _) = s.Registry.AddImage("team/app", "amd", layers: 1, arch: "amd64");
        var (_, arm, _) = s.Registry.AddImage("team/app", "arm", layers: 1, fileSize: 5000, arch: "arm64");
        var index = s.Registry.AddIndex("team/app", "1", (amd, "amd64", null), (arm, "arm64", "v8"));
        var result = await s.Client.PullAsync(Ref);
        Assert.Equal(amdConfig, result.Image.Id);
        Assert.Equal(index, result.Digest);
        Assert.Equal(index, result.Image.IndexDigest);

        var e = await Assert.ThrowsAsync<Images.ImageException>(() => s.Client.PullAsync(Ref, new PullOptions { Platform = PlatformMatcher.Parse("linux/s390x") }));
        Assert.Equal(Images.ImageErrorKind.NotFound, e.Kind);
        Assert.Contains("linux/s390x", e.Message);
        Assert.Contains("fake.registry/team/app:1", e.Message);
        Assert.Contains("linux/amd64, linux/arm64", e.Message);
    }

    [Fact]
    public async Task FollowsTheBearerTokenChallenge()
    {
        using var s = new Scratch();
        s.Registry.AddImage("team/app", "1", layers: 1);
        s.Registry.RequireToken = "t0k3n";
        var result = await s.Client.PullAsync(Ref);
        Assert.NotNull(result.Image);
        Assert.Equal(1, s.Registry.TokenRequests);
        Assert.Contains(s.Registry.Log, l => l.StartsWith("GET /token?service=fake&scope=repository%3Ateam%2Fapp%3Apull", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoPullsOfOneImageAtOnceDownloadEachLayerOnce()
    {
        using var s = new Scratch();
        s.Registry.AddImage("team/app", "1", layers: 3, fileSize: 300_000);
        await Task.WhenAll(s.Client.PullAsync(Ref), s.Client.PullAsync(Ref));
        var layerBlobs = s.Registry.Blobs.Where(b => b.Value.Length > 1000).Select(b => b.Key).ToList();
        foreach (var blob in layerBlobs)
            Assert.Equal(1, s.Registry.Log.Count(l => l.StartsWith("GET ", StringComparison.Ordinal) && l.Contains(blob)));
    }
}
