using System.Security.Cryptography;
using System.Text;
using Berth.Images.Layers;
using Berth.Images.Tests.Support;
using Berth.Oci.Images;

namespace Berth.Images.Tests;

public class LayerStoreTests
{
    private static byte[] Layer(string file, string content) => new TarBuilder().File(file, content).Build();

    [Fact]
    public void ChainIdsFollowTheSpec()
    {
        var a = Digest.Sha256("a"u8);
        var b = Digest.Sha256("b"u8);
        var chain = LayerStore.ChainIds([a, b]);
        Assert.Equal(a, chain[0]);
        Assert.Equal(Digest.FromSha256Hash(SHA256.HashData(Encoding.ASCII.GetBytes($"{a} {b}"))), chain[1]);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public async Task AppliesTarGzipAndZstdWithTheDiffIdOfTheTar(string compression)
    {
        using var f = new StorageFixture();
        byte[] tar = Layer("hello.txt", "hi");
        byte[] blob = compression switch { "gzip" => TarBuilder.Gzip(tar), "zstd" => TarBuilder.Zstd(tar), _ => tar };
        var layer = await f.Storage.Layers.ApplyAsync(null, new MemoryStream(blob), new LayerApplyOptions { ExpectedDiffId = Digest.Sha256(tar) });
        Assert.Equal(Digest.Sha256(tar), layer.DiffId);
        Assert.Equal(layer.DiffId, layer.ChainId);
        Assert.Equal("hi", File.ReadAllText(Path.Combine(layer.Directory, "hello.txt")));
        Assert.Equal(2, layer.Size);
        Assert.True(Directory.Exists(Path.Combine(f.Storage.Layers.Root, "l", layer.Link)));
    }

    [Fact]
    public async Task AWrongDiffIdKeepsNothing()
    {
        using var f = new StorageFixture();
        var e = await Assert.ThrowsAsync<ImageException>(() => f.Storage.Layers.ApplyAsync(null, new MemoryStream(Layer("a", "b")),
            new LayerApplyOptions { ExpectedDiffId = Digest.Sha256("nope"u8), Source = "layer x" }));
        Assert.Equal(ImageErrorKind.DataLoss, e.Kind);
        Assert.StartsWith("layer x:", e.Message);
        Assert.Empty(f.Storage.Layers.List());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(f.Storage.Layers.Root, "tmp")));
    }

    [Fact]
    public async Task CorruptGzipIsInvalid()
    {
        using var f = new StorageFixture();
        byte[] gz = TarBuilder.Gzip(Layer("a", new string('x', 10000)));
        gz[gz.Length / 2] ^= 0xff;
        gz[gz.Length / 2 + 1] ^= 0xff;
        var e = await Assert.ThrowsAsync<ImageException>(() => f.Storage.Layers.ApplyAsync(null, new MemoryStream(gz)));
        Assert.True(e.Kind is ImageErrorKind.InvalidArgument or ImageErrorKind.DataLoss, e.Message);
        Assert.Empty(f.Storage.Layers.List());
    }

    [Fact]
    public async Task LayersStackAndTheSameChainIsStoredOnce()
    {
        using var f = new StorageFixture();
        var l1 = await f.Storage.Layers.ApplyAsync(null, new MemoryStream(Layer("a", "1")));
        var l2 = await f.Storage.Layers.ApplyAsync(l1.ChainId, new MemoryStream(Layer("b", "2")));
        var again = await f.Storage.Layers.ApplyAsync(l1.ChainId, new MemoryStream(Layer("b", "2")));
        Assert.Equal(l2, again);
        Assert.Equal(LayerStore.ChainIdOf(l1.ChainId, l2.DiffId), l2.ChainId);
        Assert.Equal(new[] { l1.ChainId, l2.ChainId }, f.Storage.Layers.Chain(l2.ChainId).Select(l => l.ChainId));
        Assert.Equal(2, f.Storage.Layers.List().Count);
        await Assert.ThrowsAsync<ImageException>(() => f.Storage.Layers.ApplyAsync(Digest.Sha256("missing"u8), new MemoryStream(Layer("c", "3"))));
    }

    [Fact]
    public async Task ConcurrentCreatorsOfOneChainRunOnce()
    {
        using var f = new StorageFixture();
        byte[] tar = Layer("x", "y");
        var chain = Digest.Sha256(tar);
        int runs = 0;
        var gate = new TaskCompletionSource();
        var tasks = Enumerable.Range(0, 5).Select(_ => f.Storage.Layers.GetOrCreateAsync(chain, async ct =>
        {
            Interlocked.Increment(ref runs);
            await gate.Task;
            return await f.Storage.Layers.ApplyAsync(null, new MemoryStream(tar), null, ct);
        })).ToList();
        gate.SetResult();
        var layers = await Task.WhenAll(tasks);
        Assert.Equal(1, runs);
        Assert.All(layers, l => Assert.Equal(chain, l.ChainId));
    }

    [Fact]
    public async Task UnreferencedLayersAreCollectedChildrenFirst()
    {
        using var f = new StorageFixture();
        var layers = f.Storage.Layers;
        var l1 = await layers.ApplyAsync(null, new MemoryStream(Layer("a", "1")));
        var l2 = await layers.ApplyAsync(l1.ChainId, new MemoryStream(Layer("b", "2")));
        layers.AddReference(l2.ChainId, "test:one");
        Assert.Empty(layers.Collect());
        using (layers.Lease([l2.ChainId]))
        {
            Assert.True(layers.RemoveReference(l2.ChainId, "test:one"));
            Assert.Empty(layers.Collect()); // leased
        }
        var removed = layers.Collect();
        Assert.Equal(new[] { l2.ChainId, l1.ChainId }, removed);
        Assert.Empty(layers.List());
        Assert.False(Directory.Exists(l1.Directory));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(layers.Root, "l")));
    }

    [Fact]
    public async Task SnapshotsHoldTheirParent()
    {
        using var f = new StorageFixture();
        var layers = f.Storage.Layers;
        var l1 = await layers.ApplyAsync(null, new MemoryStream(Layer("a", "1")));
        var s = layers.Prepare("c1", l1.ChainId);
        Assert.True(Directory.Exists(s.UpperDir));
        Assert.True(Directory.Exists(s.WorkDir));
        Assert.Throws<ImageException>(() => layers.Prepare("c1", l1.ChainId));
        Assert.Empty(layers.Collect());
        var spec = layers.Mounts("c1");
        Assert.Equal(new[] { Path.Combine(layers.Root, "l", l1.Link) }, spec.LowerDirs);
        Assert.Contains("upperdir=" + s.UpperDir, spec.Options);
        layers.RemoveSnapshot("c1");
        Assert.False(Directory.Exists(s.Directory));
        Assert.Single(layers.Collect());
    }

    [Fact]
    public async Task ARestartRemovesHalfDoneWork()
    {
        using var f = new StorageFixture();
        var l1 = await f.Storage.Layers.ApplyAsync(null, new MemoryStream(Layer("a", "1")));
        string root = f.Storage.Layers.Root;
        Directory.CreateDirectory(Path.Combine(root, "tmp", "half-unpacked", "diff"));
        Directory.CreateDirectory(Path.Combine(root, new string('e', 64), "diff")); // renamed but never recorded
        File.CreateSymbolicLink(Path.Combine(root, "l", "DANGLING01"), "../nowhere/diff");
        Directory.CreateDirectory(Path.Combine(root, "s", "ORPHANSNAP", "upper"));
        var storage = f.Reopen();
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root, "tmp")));
        Assert.False(Directory.Exists(Path.Combine(root, new string('e', 64))));
        Assert.False(Path.Exists(Path.Combine(root, "l", "DANGLING01")));
        Assert.False(Directory.Exists(Path.Combine(root, "s", "ORPHANSNAP")));
        Assert.Equal(l1, storage.Layers.Get(l1.ChainId));
        Assert.True(File.Exists(Path.Combine(l1.Directory, "a")));
    }

    [Fact]
    public async Task AnImageWithoutLayersMountsOnAnEmptyLower()
    {
        using var f = new StorageFixture();
        var s = f.Storage.Layers.Prepare("empty", null);
        var spec = f.Storage.Layers.Mounts("empty");
        Assert.Equal(new[] { Path.Combine(f.Storage.Layers.Root, "empty") }, spec.LowerDirs);
        await Task.CompletedTask;
        Assert.NotNull(s);
    }
}
