using Berth.Images.Content;
using Berth.Images.Tests.Support;
using Berth.Oci.Images;

namespace Berth.Images.Tests;

public class ContentStoreTests
{
    [Fact]
    public async Task IngestVerifiesAndCommits()
    {
        using var tmp = new TempDir();
        var store = new ContentStore(tmp.Sub("content"));
        byte[] data = "hello blob"u8.ToArray();
        var d = Digest.Sha256(data);
        var info = await store.IngestAsync(new MemoryStream(data), d, data.Length);
        Assert.Equal(d, info.Digest);
        Assert.True(store.Exists(d));
        Assert.Equal(data, await store.ReadAllBytesAsync(d));
        Assert.Equal(Path.Combine(store.Root, "blobs", "sha256", d.Hex), store.BlobPath(d));
        Assert.Single(store.Walk());
        Assert.True(store.Delete(d));
        Assert.False(store.Exists(d));
    }

    [Fact]
    public async Task WrongDigestIsDataLossAndLeavesNothing()
    {
        using var tmp = new TempDir();
        var store = new ContentStore(tmp.Sub("content"));
        var wrong = Digest.Sha256("other"u8);
        var e = await Assert.ThrowsAsync<ImageException>(() => store.IngestAsync(new MemoryStream("data"u8.ToArray()), wrong, 4));
        Assert.Equal(ImageErrorKind.DataLoss, e.Kind);
        Assert.Contains(wrong.ToString(), e.Message);
        Assert.False(store.Exists(wrong));
        Assert.Empty(store.Walk());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(store.Root, "ingest")));
    }

    [Fact]
    public async Task TooMuchOrTooLittleDataFails()
    {
        using var tmp = new TempDir();
        var store = new ContentStore(tmp.Sub("content"));
        byte[] data = new byte[100];
        var d = Digest.Sha256(data);
        Assert.Equal(ImageErrorKind.DataLoss, (await Assert.ThrowsAsync<ImageException>(() => store.IngestAsync(new MemoryStream(data), d, 50))).Kind);
        Assert.Equal(ImageErrorKind.DataLoss, (await Assert.ThrowsAsync<ImageException>(() => store.IngestAsync(new MemoryStream(data[..60]), d, 100))).Kind);
        Assert.False(store.Exists(d));
    }

    [Fact]
    public async Task AnInterruptedWriterIsResumed()
    {
        using var tmp = new TempDir();
        var store = new ContentStore(tmp.Sub("content"));
        byte[] data = new byte[300_000];
        new Random(1).NextBytes(data);
        var d = Digest.Sha256(data);
        using (var w = await store.TryOpenWriterAsync(d, data.Length))
        {
            w!.Write(data.AsSpan(0, 120_000));
        } // disposed without commit: the partial data stays
        using (var w = await store.TryOpenWriterAsync(d, data.Length))
        {
            Assert.Equal(120_000, w!.Offset);
            using (var prefix = w.OpenPrefix())
            {
                var ms = new MemoryStream();
                prefix.CopyTo(ms);
                Assert.Equal(data[..120_000], ms.ToArray());
            }
            w.Write(data.AsSpan(120_000));
            await w.CommitAsync();
        }
        Assert.Equal(data, await store.ReadAllBytesAsync(d));
    }

    [Fact]
    public async Task OneWriterPerDigestAndLaterOnesFindTheBlob()
    {
        using var tmp = new TempDir();
        var store = new ContentStore(tmp.Sub("content"));
        byte[] data = new byte[1000];
        var d = Digest.Sha256(data);
        var first = await store.TryOpenWriterAsync(d, data.Length);
        Assert.NotNull(first);
        var second = store.TryOpenWriterAsync(d, data.Length);
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        first!.Write(data);
        await first.CommitAsync();
        first.Dispose();
        Assert.Null(await second.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task ConcurrentIngestsOfOneDigestWriteOnce()
    {
        using var tmp = new TempDir();
        var store = new ContentStore(tmp.Sub("content"));
        byte[] data = new byte[1 << 20];
        new Random(2).NextBytes(data);
        var d = Digest.Sha256(data);
        int reads = 0;
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            using var w = await store.TryOpenWriterAsync(d, data.Length);
            if (w is null) return;
            Interlocked.Increment(ref reads);
            w.Write(data);
            await w.CommitAsync();
        }));
        await Task.WhenAll(tasks);
        Assert.Equal(1, reads);
        Assert.Equal(data, await store.ReadAllBytesAsync(d));
    }

    [Fact]
    public async Task MissingBlobIsNotFound()
    {
        using var tmp = new TempDir();
        var store = new ContentStore(tmp.Sub("content"));
        var e = await Assert.ThrowsAsync<ImageException>(() => store.ReadAllBytesAsync(Digest.Sha256("x"u8)));
        Assert.Equal(ImageErrorKind.NotFound, e.Kind);
        Assert.Throws<ImageException>(() => store.OpenRead(Digest.Sha256("x"u8)));
    }
}
