using System.Formats.Tar;
using Berth.Images.Formats;
using Berth.Images.Tests.Support;
using Berth.Oci.Images;

namespace Berth.Images.Tests;

public class ImageStoreTests
{
    private static async Task<Metadata.ImageRecord> Import(ImageStorage s, string name, string content)
    {
        byte[] tar = new TarBuilder().File("bin/app", content, 0x1ED).Build();
        return await RootfsImporter.ImportAsync(s, new MemoryStream(TarBuilder.Gzip(tar)),
            new ImportOptions { Reference = name is null ? null : ImageReference.Parse(name), Config = new ContainerConfig { Cmd = ["/bin/app"] } });
    }

    [Fact]
    public async Task ImportCreatesAOneLayerImageWithNamesAndManifest()
    {
        using var f = new StorageFixture();
        var image = await Import(f.Storage, "myapp:1", "v1");
        var images = f.Storage.Images;
        Assert.Equal(new[] { "myapp:1" }, images.RepoTags(image.Id));
        Assert.Equal(image.Id, images.Resolve("myapp:1").Id);
        Assert.Equal(image.Id, images.Resolve("docker.io/library/myapp:1").Id);
        Assert.Equal(image.Id, images.Resolve(image.Id.Hex[..12]).Id);
        Assert.Equal(image.Id, images.Resolve(image.Id.ToString()).Id);
        var config = await images.GetConfigAsync(image.Id);
        Assert.Equal(["/bin/app"], config.Config!.Cmd);
        Assert.Single(config.RootFs.DiffIds);
        Assert.Equal(MediaTypes.DockerLayerGzip, image.Layers[0].MediaType);
        var (manifest, raw) = (await images.GetManifestAsync(image))!.Value;
        Assert.Equal(image.ManifestDigest, Digest.Sha256(raw));
        Assert.Equal(image.Id.ToString(), manifest.Config.Digest);
        Assert.Equal(2, image.Size);
        var e = Assert.Throws<ImageException>(() => images.Resolve("nothere"));
        Assert.Equal(ImageErrorKind.NotFound, e.Kind);
        Assert.Equal("no such image: nothere", e.Message);
    }

    [Fact]
    public async Task TagsMoveAndUntaggedImagesRemain()
    {
        using var f = new StorageFixture();
        var v1 = await Import(f.Storage, "app:latest", "1");
        var v2 = await Import(f.Storage, "app:latest", "2");
        var images = f.Storage.Images;
        Assert.Equal(v2.Id, images.Resolve("app").Id);
        Assert.Empty(images.RepoTags(v1.Id));
        Assert.Equal(2, images.List().Count);
        images.Tag(v1.Id, ImageReference.Parse("localhost:5000/app:old"));
        Assert.Equal(new[] { "localhost:5000/app:old" }, images.RepoTags(v1.Id));
        Assert.True(images.Untag(ImageReference.Parse("localhost:5000/app:old")));
        Assert.False(images.Untag(ImageReference.Parse("localhost:5000/app:old")));
    }

    [Fact]
    public async Task DeleteFreesLayersAndBlobsNoOtherImageUses()
    {
        using var f = new StorageFixture();
        var a = await Import(f.Storage, "a:1", "same");
        var b = await Import(f.Storage, "b:1", "other");
        Assert.Equal(2, f.Storage.Layers.List().Count);
        var removed = f.Storage.Images.Delete(a.Id);
        Assert.Single(removed);
        Assert.Null(f.Storage.Images.Get(a.Id));
        Assert.False(f.Storage.Content.Exists(a.Id));
        Assert.False(f.Storage.Content.Exists(a.ManifestDigest!.Value));
        Assert.True(f.Storage.Content.Exists(b.Id));
        Assert.Single(f.Storage.Layers.List());
        Assert.Null(f.Storage.Images.TryResolve("a:1"));
    }

    [Fact]
    public async Task ImagesSurviveAReopen()
    {
        using var f = new StorageFixture();
        var a = await Import(f.Storage, "a:1", "x");
        var s = f.Reopen();
        Assert.Equal(a.Id, s.Images.Resolve("a:1").Id);
        Assert.Equal(a.TopLayer, s.Images.Get(a.Id)!.TopLayer);
    }

    [Fact]
    public async Task SaveThenLoadIntoAnotherStoreKeepsIdsDigestsAndNames()
    {
        using var f = new StorageFixture();
        var a = await Import(f.Storage, "a:1", "content a");
        var ms = new MemoryStream();
        await ImageArchive.SaveAsync(f.Storage, [new SaveItem(a, [ImageReference.Parse("a:1"), ImageReference.Parse("other/b:2")])], ms);

        ms.Position = 0;
        var names = new List<string>();
        using (var reader = new TarReader(ms, leaveOpen: true))
            while (reader.GetNextEntry() is { } e) names.Add(e.Name);
        Assert.Contains("manifest.json", names);
        Assert.Contains("index.json", names);
        Assert.Contains("oci-layout", names);
        Assert.Contains("repositories", names);
        Assert.Contains($"blobs/sha256/{a.Id.Hex}", names);

        using var g = new StorageFixture();
        ms.Position = 0;
        var lines = new List<string>();
        var loaded = await ImageArchive.LoadAsync(g.Storage, ms, new SyncProgress<string>(lines.Add));
        Assert.Single(loaded);
        Assert.Equal(a.Id, loaded[0].Image.Id);
        Assert.Equal(a.ManifestDigest, loaded[0].Image.ManifestDigest);
        Assert.Equal(new[] { "a:1", "other/b:2" }, g.Storage.Images.RepoTags(a.Id));
        Assert.Contains("Loaded image: a:1", lines);
        var layer = g.Storage.Layers.Chain(loaded[0].Image.TopLayer).Single();
        Assert.Equal("content a", File.ReadAllText(Path.Combine(layer.Directory, "bin/app")));
    }

    [Fact]
    public async Task LoadRejectsWhatIsNotAnArchive()
    {
        using var f = new StorageFixture();
        var e = await Assert.ThrowsAsync<ImageException>(() => ImageArchive.LoadAsync(f.Storage, new MemoryStream(new TarBuilder().File("x", "y").Build())));
        Assert.Equal(ImageErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("manifest.json", e.Message);
        Assert.Empty(f.Storage.Images.List());
    }

    [Fact]
    public async Task LoadDetectsALayerThatDoesNotMatchItsConfig()
    {
        using var f = new StorageFixture();
        var a = await Import(f.Storage, "a:1", "good");
        var ms = new MemoryStream();
        await ImageArchive.SaveAsync(f.Storage, [new SaveItem(a, [ImageReference.Parse("a:1")])], ms);
        // rewrite the archive with the layer blob swapped for another layer under the same name
        ms.Position = 0;
        var outStream = new MemoryStream();
        string layerName = $"blobs/sha256/{Digest.Parse(a.Layers[0].Digest).Hex}";
        using (var reader = new TarReader(ms))
        using (var writer = new TarWriter(outStream, TarEntryFormat.Pax, leaveOpen: true))
            while (reader.GetNextEntry(copyData: true) is { } e)
            {
                if (e.Name == layerName) continue;
                writer.WriteEntry(e);
            }
        byte[] evil = new TarBuilder().File("bin/app", "evil").Build();
        var mj = new MemoryStream();
        using (var w = new TarWriter(mj, TarEntryFormat.Pax, leaveOpen: true))
            w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "x") { DataStream = new MemoryStream() });
        outStream.Position = 0;
        // append the evil layer as a per-layer file and point manifest.json at it
        var final = new MemoryStream();
        using (var reader = new TarReader(outStream))
        using (var writer = new TarWriter(final, TarEntryFormat.Pax, leaveOpen: true))
        {
            while (reader.GetNextEntry(copyData: true) is { } e)
            {
                if (e.Name == "manifest.json")
                {
                    string json = new StreamReader(e.DataStream!).ReadToEnd().Replace(layerName, "evil/layer.tar");
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)) });
                    continue;
                }
                if (e.Name == "index.json") continue;
                writer.WriteEntry(e);
            }
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "evil/layer.tar") { DataStream = new MemoryStream(evil) });
        }
        using var g = new StorageFixture();
        final.Position = 0;
        var ex = await Assert.ThrowsAsync<ImageException>(() => ImageArchive.LoadAsync(g.Storage, final));
        Assert.Equal(ImageErrorKind.DataLoss, ex.Kind);
        Assert.Contains("diffID", ex.Message);
        Assert.Empty(g.Storage.Images.List());
        Assert.Empty(g.Storage.Layers.List());
    }

    [Fact]
    public async Task ExportWritesAnOciLayout()
    {
        using var f = new StorageFixture();
        var a = await Import(f.Storage, "a:1", "x");
        string dir = Path.Combine(f.Root, "layout");
        await ImageArchive.ExportLayoutAsync(f.Storage, [new SaveItem(a, [ImageReference.Parse("a:1")])], dir);
        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}", File.ReadAllText(Path.Combine(dir, "oci-layout")));
        Assert.True(File.Exists(Path.Combine(dir, "blobs/sha256", a.Id.Hex)));
        Assert.Contains("org.opencontainers.image.ref.name", File.ReadAllText(Path.Combine(dir, "index.json")));
        Assert.False(File.Exists(Path.Combine(dir, "manifest.json")));
    }
}

file sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
