using Berth.Images.Archive;

namespace Berth.Images.Tests;

/// <summary>The commit pipe: everything written is read in order; neither side can stall the other forever.</summary>
public sealed class BlockingPipeTests
{
    [Fact]
    public async Task BytesArriveInOrderAcrossManyChunks()
    {
        using var pipe = new BlockingPipe();
        var data = new byte[3 << 20];
        new Random(5).NextBytes(data);
        var writer = Task.Run(() =>
        {
            for (int i = 0; i < data.Length; i += 7000) pipe.Writer.Write(data, i, Math.Min(7000, data.Length - i));
            pipe.Writer.Dispose();
        });
        var copy = new MemoryStream();
        await Task.Run(() => pipe.Reader.CopyTo(copy));
        await writer;
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task AReaderThatGoesAwayDoesNotBlockTheWriter()
    {
        using var pipe = new BlockingPipe();
        pipe.Reader.Dispose();
        var writer = Task.Run(() =>
        {
            for (int i = 0; i < BlockingPipe.Capacity * 4; i++) pipe.Writer.Write(new byte[1024]);
            pipe.Writer.Dispose();
        });
        Assert.Same(writer, await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(20))));
    }

    [Fact]
    public async Task AFailedWriterIsAnErrorForTheReader()
    {
        using var pipe = new BlockingPipe();
        pipe.Writer.Write(new byte[10]);
        pipe.Fail();
        var buffer = new byte[100];
        Assert.Equal(10, pipe.Reader.Read(buffer));
        await Assert.ThrowsAsync<IOException>(() => Task.Run(() => pipe.Reader.Read(buffer)));
    }
}
