using System.Text.Json;
using Berth.Images.Archive;
using Berth.Images.Content;
using Berth.Images.Layers;
using Berth.Images.Metadata;
using Berth.Oci.Images;

namespace Berth.Images.Formats;

/// <summary>
/// <c>docker commit</c> and a build step: a snapshot's changes become a gzip layer blob on top of the parent
/// image's layers, and a new image records it (config and history extended).
/// </summary>
public static class ImageCommitter
{
    public static async Task<ImageRecord> CommitAsync(ImageStorage storage, string snapshotKey, ImageRecord? parent, CommitOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new CommitOptions();
        var snapshot = storage.Layers.GetSnapshot(snapshotKey) ?? throw ImageException.NotFound($"snapshot {snapshotKey}: not found");
        if (snapshot.Parent != parent?.TopLayer)
            throw ImageException.Invalid($"snapshot {snapshotKey} is not on top of image {parent?.Id.Short ?? "(none)"}");
        ImageConfig config;
        if (parent is not null)
        {
            byte[] raw = await storage.Content.ReadAllBytesAsync(parent.Id, cancellationToken).ConfigureAwait(false);
            config = JsonSerializer.Deserialize(raw, ImageJsonContext.Default.ImageConfig) ?? new ImageConfig();
        }
        else
        {
            var host = PlatformMatcher.Host();
            config = new ImageConfig { Os = host.Os, Architecture = host.Architecture, Variant = host.Variant };
        }
        var now = DateTimeOffset.UtcNow;
        var layers = parent?.Layers.ToList() ?? [];
        bool empty = options.SkipEmptyLayer && !Directory.EnumerateFileSystemEntries(snapshot.UpperDir).Any();
        if (!empty)
        {
            // The diff is written once and consumed twice at the same time: gzip into the content store (the blob
            // that push and save use) and, through an in-memory pipe, unpacked as the new layer. On two cores this
            // overlaps compression with extraction instead of compressing, then reading the blob back.
            ContentInfo blob;
            LayerDiff diff;
            Layer layer;
            IDisposable? lease = null;
            try
            {
                using (var pipe = new BlockingPipe())
                {
                    var unpack = Task.Run(async () =>
                    {
                        using var input = pipe.Reader;
                        return await storage.Layers.ApplyAsync(parent?.TopLayer, input, new LayerApplyOptions { Source = $"commit of {snapshotKey}" },
                            cancellationToken).ConfigureAwait(false);
                    }, CancellationToken.None); // it must run (and let go of the reader end) whatever happens
                    try
                    {
                        using (var writer = storage.Content.OpenWriter())
                        {
                            using (var gzip = Compression.Compress(writer, LayerCompression.Gzip, leaveOpen: true))
                            using (var both = new TeeStream(gzip, pipe.Writer))
                                diff = await Task.Run(() => storage.Layers.Diff(snapshotKey, both), cancellationToken).ConfigureAwait(false);
                            pipe.Writer.Dispose();
                            blob = await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
                            lease = storage.Images.LeaseContent([blob.Digest]);
                        }
                    }
                    catch
                    {
                        pipe.Fail();
                        try { await unpack.ConfigureAwait(false); } catch (Exception) { } // the diff's failure is the one to report
                        throw;
                    }
                    layer = await unpack.ConfigureAwait(false);
                }
                if (layer.DiffId != diff.DiffId)
                    throw ImageException.Invalid($"commit of {snapshotKey}: layer digest {layer.DiffId} does not match the diff's {diff.DiffId}");
                using var layerLease = storage.Layers.Lease([layer.ChainId]);
                config.RootFs.DiffIds.Add(diff.DiffId.ToString());
                layers.Add(new Descriptor { MediaType = MediaTypes.DockerLayerGzip, Digest = blob.Digest.ToString(), Size = blob.Size });
                return await Record(storage, config, layers, options, now, empty: false, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                lease?.Dispose();
            }
        }
        return await Record(storage, config, layers, options, now, empty: true, cancellationToken).ConfigureAwait(false);
    }

    private static Task<ImageRecord> Record(ImageStorage storage, ImageConfig config, List<Descriptor> layers, CommitOptions options, DateTimeOffset now,
        bool empty, CancellationToken cancellationToken)
    {
        config.Created = now;
        if (options.Author is not null) config.Author = options.Author;
        if (options.Config is not null) config.Config = options.Config;
        config.History ??= new List<HistoryEntry>();
        config.History.Add(new HistoryEntry
        {
            Created = now, CreatedBy = options.CreatedBy, Author = options.Author, Comment = options.Comment, EmptyLayer = empty ? true : null,
        });
        return ImageWriter.CreateAsync(storage, config, layers, options.Reference is null ? null : [options.Reference], cancellationToken);
    }

    /// <summary>Writes go to both streams, in order.</summary>
    private sealed class TeeStream(Stream first, Stream second) : Stream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            first.Write(buffer);
            second.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Flush() => first.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
