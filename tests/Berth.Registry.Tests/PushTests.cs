using Berth.Oci.Images;
using Berth.Registry.Tests.Support;

namespace Berth.Registry.Tests;

public class PushTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(30_000)]
    public async Task PushesBlobsAndTheSameManifest(int chunk)
    {
        using var s = new Scratch();
        var (config, manifest, _) = s.Registry.AddImage("team/app", "1");
        await s.Client.PullAsync(ImageReference.Parse("fake.registry/team/app:1"));
        var target = ImageReference.Parse("other.registry/copy/app:2");
        s.Storage.Images.Tag(config, target);
        var events = new Events();
        var result = await s.Client.PushAsync(target, null, new PushOptions { ChunkSize = chunk }, events);
        Assert.Equal(manifest, result.Digest);
        Assert.Equal("2", result.Tag);
        Assert.True(s.Registry.Manifests.ContainsKey("copy/app:2"));
        Assert.Contains("Preparing", events.Texts);
        Assert.Contains("Pushed", events.Texts);
        if (chunk > 0) Assert.Contains(s.Registry.Log, l => l.StartsWith("PATCH", StringComparison.Ordinal));
        Assert.Contains($"other.registry/copy/app@{manifest}", s.Storage.Images.RepoDigests(config));

        var again = new Events();
        await s.Client.PushAsync(target, null, null, again);
        Assert.Equal(2, again.Texts.Count(t => t == "Layer already exists"));
    }

    [Fact]
    public async Task MountsBlobsFromAnotherRepositoryOfTheSameRegistry()
    {
        using var s = new Scratch();
        var (config, _, _) = s.Registry.AddImage("team/app", "1");
        await s.Client.PullAsync(ImageReference.Parse("fake.registry/team/app:1"));
        var target = ImageReference.Parse("fake.registry/team/mirror:1");
        s.Storage.Images.Tag(config, target);
        await s.Client.PushAsync(target);
        Assert.Contains(s.Registry.Log, l => l.Contains("mount=sha256") && l.Contains("from=team%2Fapp"));
    }

    [Fact]
    public async Task PushingAMissingImageNamesIt()
    {
        using var s = new Scratch();
        var e = await Assert.ThrowsAsync<Images.ImageException>(() => s.Client.PushAsync(ImageReference.Parse("fake.registry/no/such:1")));
        Assert.Equal(Images.ImageErrorKind.NotFound, e.Kind);
        Assert.Contains("fake.registry/no/such", e.Message);
    }
}
