using System.Security.Cryptography;
using System.Text;
using Berth.Build.Cache;
using Berth.Build.Layers;
using Berth.Images;
using Berth.Images.Layers;
using Berth.Images.Metadata;
using Berth.Oci.Images;

namespace Berth.Build.Execution;

/// <summary>
/// Turns a step into an image, as the classic builder commits each step: the run config and a history entry on
/// top of the parent's config, and for steps that changed files a new layer (the snapshot's upper directory as an
/// uncompressed tar, whose digest is its diffID). Also computes the step's cache key.
/// </summary>
internal sealed class StepCommitter(ImageStorage storage, BuildCache cache, long? sourceDateEpoch)
{
    private const string KeyVersion = "berth-build-cache/1";

    public BuildCache Cache => cache;

    /// <summary>
    /// The cache key of a step: the parent image, the history line (which names the instruction and, for COPY, the
    /// hashes of its sources), the run config after the step, and anything else the result depends on.
    /// </summary>
    public static string Key(StageState s, string createdBy, string extra)
    {
        var sb = new StringBuilder(512);
        sb.Append(KeyVersion).Append('\n').Append(s.ImageIdText).Append('\n').Append(s.ImageConfig.Os).Append('/').Append(s.ImageConfig.Architecture)
            .Append('\n').Append(createdBy).Append('\n').Append(ConfigTools.CanonicalJson(s.RunConfig)).Append('\n').Append(s.Maintainer)
            .Append('\n').Append(extra);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private DateTimeOffset Timestamp() =>
        sourceDateEpoch is { } e ? DateTimeOffset.FromUnixTimeSeconds(e) : DateTimeOffset.UtcNow;

    /// <summary>The config of the image a step on <paramref name="s"/> makes (one more history entry, maybe one more layer).</summary>
    private ImageConfig ChildConfig(StageState s, string createdBy, Digest? diffId)
    {
        var parent = s.ImageConfig;
        var host = PlatformMatcher.Host();
        var now = Timestamp();
        var run = ConfigTools.Normalize(ConfigTools.Clone(s.RunConfig));
        run.Image = s.ImageIdText;
        var history = new List<HistoryEntry>(parent.History ?? []);
        history.Add(new HistoryEntry
        {
            Created = now, CreatedBy = createdBy, Author = s.Maintainer.Length > 0 ? s.Maintainer : null, EmptyLayer = diffId is null ? true : null,
        });
        var rootfs = new RootFs { DiffIds = new List<string>(parent.RootFs.DiffIds) };
        if (diffId is { } d) rootfs.DiffIds.Add(d.ToString());
        return new ImageConfig
        {
            Architecture = string.IsNullOrEmpty(parent.Architecture) ? host.Architecture : parent.Architecture,
            Os = string.IsNullOrEmpty(parent.Os) ? "linux" : parent.Os,
            Variant = string.IsNullOrEmpty(parent.Architecture) ? host.Variant : parent.Variant,
            OsVersion = parent.OsVersion,
            OsFeatures = parent.OsFeatures,
            Config = run,
            Created = now,
            Author = s.Maintainer.Length > 0 ? s.Maintainer : null,
            RootFs = rootfs,
            History = history,
        };
    }

    /// <summary>A step that changed no files: same layers, new config.</summary>
    public async Task<(ImageRecord Image, ImageConfig Config)> CommitConfigAsync(StageState s, string createdBy, CancellationToken cancel)
    {
        var config = ChildConfig(s, createdBy, null);
        var layers = s.Image?.Layers.ToList() ?? [];
        var image = await ImageWriter.CreateAsync(storage, config, layers, null, cancel).ConfigureAwait(false);
        return (image, config);
    }

    /// <summary>
    /// A step whose changes are in <paramref name="upperDir"/> on top of <paramref name="parentTop"/> (the parent's
    /// layers, or nothing for COPY --link): writes the layer, unpacks it onto the parent's chain, records the image.
    /// </summary>
    public async Task<(ImageRecord Image, ImageConfig Config)> CommitLayerAsync(StageState s, string createdBy, string upperDir, CancellationToken cancel)
    {
        var (blob, diffId, size) = await WriteLayerAsync(upperDir, cancel).ConfigureAwait(false);
        return await CommitBlobAsync(s, createdBy, blob, diffId, size, cancel).ConfigureAwait(false);
    }

    /// <summary>Writes the tar of an upper directory into the content store: its digest is the diffID (no compression).</summary>
    public async Task<(Digest Blob, Digest DiffId, long Size)> WriteLayerAsync(string upperDir, CancellationToken cancel)
    {
        var writer = storage.Content.OpenWriter();
        try
        {
            await Task.Run(() =>
            {
                using var buffered = new BufferedStream(new NonClosing(writer), 1 << 20);
                new LayerTarWriter { ClampMtime = sourceDateEpoch, OpaqueXattr = "trusted.overlay.opaque" }.Write(upperDir, buffered);
                buffered.Flush();
            }, cancel).ConfigureAwait(false);
            var info = await writer.CommitAsync(cancel).ConfigureAwait(false);
            return (info.Digest, info.Digest, info.Size);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Adds a layer blob (uncompressed tar in the content store) on top of the step's parent and records the image.</summary>
    public async Task<(ImageRecord Image, ImageConfig Config)> CommitBlobAsync(StageState s, string createdBy, Digest blob, Digest diffId, long size,
        CancellationToken cancel)
    {
        using var contentLease = storage.Images.LeaseContent([blob]);
        Layer layer;
        await using (var stream = storage.Content.OpenRead(blob))
        {
            layer = await storage.Layers.ApplyAsync(s.Image?.TopLayer, stream,
                new LayerApplyOptions { ExpectedDiffId = diffId, Source = "build step" }, cancel).ConfigureAwait(false);
        }
        using var layerLease = storage.Layers.Lease([layer.ChainId]);
        var config = ChildConfig(s, createdBy, diffId);
        var layers = s.Image?.Layers.ToList() ?? [];
        layers.Add(new Descriptor { MediaType = MediaTypes.DockerLayer, Digest = blob.ToString(), Size = size });
        var image = await ImageWriter.CreateAsync(storage, config, layers, null, cancel).ConfigureAwait(false);
        return (image, config);
    }

    /// <summary>The image and config a cache entry names, if that image is still here.</summary>
    public async Task<(ImageRecord Image, ImageConfig Config)?> LookupAsync(string key, CancellationToken cancel)
    {
        if (cache.Lookup(key) is not { } id) return null;
        if (storage.Images.Get(id) is not { } image) return null;
        try
        {
            var config = await storage.Images.GetConfigAsync(id, cancel).ConfigureAwait(false);
            return (image, config);
        }
        catch (ImageException) { return null; }
    }

    private sealed class NonClosing(Stream inner) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
        public override void Flush() { }
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
