using System.Diagnostics;
using System.IO.Pipelines;
using System.Text.Json;
using Berth.Images;
using Berth.Images.Content;
using Berth.Images.Layers;
using Berth.Images.Metadata;
using Berth.Oci.Images;
using Berth.Registry.Transport;

namespace Berth.Registry;

public sealed partial class RegistryClient
{
    /// <summary>
    /// Pulls an image: resolve → config → layers in parallel (download → verify → decompress → unpack, pipelined,
    /// layers present skipped, interrupted downloads resumed) → the image and its names recorded in one
    /// transaction. Nothing of a failed pull is visible; what it committed (blobs, layers) is reused next time.
    /// </summary>
    public async Task<PullResult> PullAsync(ImageReference reference, PullOptions? options = null, IProgress<ProgressEvent>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new PullOptions();
        var report = new SerialProgress(progress);
        var transport = await TransportAsync(reference, options.Auth, cancellationToken).ConfigureAwait(false);
        var resolved = await ResolveAsync(transport, reference, options.Platform, cancellationToken).ConfigureAwait(false);
        var manifest = resolved.Manifest;
        var configDescriptor = manifest.Config;
        var configDigest = Digest.Parse(configDescriptor.Digest);
        var layerDigests = manifest.Layers.Select(l => Digest.Parse(l.Digest)).ToList();

        var blobs = new List<Digest> { resolved.ManifestDigest, configDigest };
        if (resolved.IndexDigest is { } ix) blobs.Add(ix);
        blobs.AddRange(layerDigests);
        using var contentLease = Storage.Images.LeaseContent(blobs);

        if (resolved.IndexBytes is { } indexBytes) await Storage.Content.WriteAsync(indexBytes, resolved.IndexDigest, cancellationToken).ConfigureAwait(false);
        await Storage.Content.WriteAsync(resolved.ManifestBytes, resolved.ManifestDigest, cancellationToken).ConfigureAwait(false);
        await FetchBlobToStoreAsync(transport, reference, configDescriptor, cancellationToken).ConfigureAwait(false);
        var config = await ReadConfigAsync(configDigest, reference, cancellationToken).ConfigureAwait(false);

        var diffIds = config.RootFs.DiffIds.Select(d => Digest.TryParse(d, out var p) ? p
            : throw ImageException.DataLoss($"{reference.FamiliarString}: config lists an invalid diffID \"{d}\"")).ToList();
        if (diffIds.Count != layerDigests.Count)
            throw ImageException.DataLoss($"{reference.FamiliarString}: the manifest has {layerDigests.Count} layers, the config {diffIds.Count}");
        var chainIds = LayerStore.ChainIds(diffIds);
        using var layerLease = Storage.Layers.Lease(chainIds);

        var layerTasks = new Task<Layer>[layerDigests.Count];
        using var downloads = new SemaphoreSlim(Math.Max(1, Options.MaxConcurrentDownloads));
        for (int i = 0; i < layerDigests.Count; i++)
        {
            string id = layerDigests[i].Short;
            if (Storage.Layers.Get(chainIds[i]) is { } present)
            {
                report.Report(new ProgressEvent(id, ProgressStatus.AlreadyExists));
                layerTasks[i] = Task.FromResult(present);
            }
            else report.Report(new ProgressEvent(id, ProgressStatus.PullingFsLayer));
        }
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        for (int i = 0; i < layerDigests.Count; i++)
        {
            if (layerTasks[i] is not null) continue;
            var job = new LayerJob(transport, reference, manifest.Layers[i], layerDigests[i], diffIds[i], chainIds[i],
                i > 0 ? chainIds[i - 1] : null, i > 0 ? layerTasks[i - 1] : null, downloads, report);
            layerTasks[i] = Storage.Layers.GetOrCreateAsync(chainIds[i], ct => Task.Run(() => PullLayerAsync(job, ct), ct), failed.Token);
        }
        try
        {
            await Task.WhenAll(layerTasks).ConfigureAwait(false);
        }
        catch
        {
            failed.Cancel();
            // The first real failure, not the cancellations it caused.
            var first = layerTasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException).FirstOrDefault(e => e is not OperationCanceledException);
            if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }

        var existing = Storage.Images.GetByName(reference);
        var record = new ImageRecord
        {
            Id = configDigest,
            ManifestDigest = resolved.ManifestDigest,
            ManifestMediaType = resolved.ManifestMediaType,
            ManifestSize = resolved.ManifestBytes.Length,
            IndexDigest = resolved.IndexDigest,
            TopLayer = chainIds.Count > 0 ? chainIds[^1] : null,
            Created = config.Created,
            Os = string.IsNullOrEmpty(config.Os) ? "linux" : config.Os,
            Architecture = config.Architecture,
            Variant = config.Variant,
            Layers = manifest.Layers,
        };
        var names = new List<ImageReference> { reference.WithoutTagOrDigest().WithDigest(resolved.Digest) };
        if (reference.Tag is not null) names.Add(reference.Digest is null ? reference : reference.WithTag(reference.Tag));
        var image = Storage.Images.Put(record, names);
        foreach (var d in layerDigests.Append(configDigest)) Storage.Images.RecordBlobSource(d, reference.Domain, reference.Path);
        bool upToDate = existing is not null && existing.Id == image.Id && existing.ManifestDigest == image.ManifestDigest;
        return new PullResult(image, reference, resolved.Digest, upToDate);
    }

    private async Task<ImageConfig> ReadConfigAsync(Digest digest, ImageReference reference, CancellationToken cancellationToken)
    {
        byte[] bytes = await Storage.Content.ReadAllBytesAsync(digest, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(bytes, ImageJsonContext.Default.ImageConfig) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw ImageException.DataLoss($"{reference.FamiliarString}: image config {digest.Short} is not valid json: {e.Message}", e);
        }
    }

    private sealed record LayerJob(RegistryTransport Transport, ImageReference Reference, Descriptor Descriptor, Digest Digest, Digest DiffId,
        Digest ChainId, Digest? Parent, Task<Layer>? ParentTask, SemaphoreSlim Downloads, SerialProgress Report)
    {
        public string Id => Digest.Short;
        public string What => $"{Reference.FamiliarString}: layer {Digest}";
    }

    private async Task<Layer> PullLayerAsync(LayerJob job, CancellationToken cancellationToken)
    {
        if (!job.Downloads.Wait(0))
        {
            job.Report.Report(new ProgressEvent(job.Id, ProgressStatus.Waiting));
            await job.Downloads.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        UnpackedLayer unpacked;
        try
        {
            unpacked = await DownloadAndUnpackAsync(job, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            job.Downloads.Release();
        }
        using (unpacked)
        {
            if (job.ParentTask is not null) await job.ParentTask.WaitAsync(cancellationToken).ConfigureAwait(false);
            var layer = Storage.Layers.Commit(unpacked, job.Parent);
            job.Report.Report(new ProgressEvent(job.Id, ProgressStatus.PullComplete));
            return layer;
        }
    }

    private async Task<UnpackedLayer> DownloadAndUnpackAsync(LayerJob job, CancellationToken cancellationToken)
    {
        long total = job.Descriptor.Size;
        var applyOptions = new LayerApplyOptions { ExpectedDiffId = job.DiffId, Source = job.What };
        var writer = await Storage.Content.TryOpenWriterAsync(job.Digest, total, cancellationToken).ConfigureAwait(false);
        if (writer is null)
        {
            // The blob is here already (an earlier pull, a killed one): unpack it from disk.
            job.Report.Report(new ProgressEvent(job.Id, ProgressStatus.DownloadComplete));
            return await Task.Run(() =>
            {
                using var file = Storage.Content.OpenRead(job.Digest);
                using var counting = new ProgressReadStream(file, n => job.Report.Report(new ProgressEvent(job.Id, ProgressStatus.Extracting, n, total)));
                return Storage.Layers.Unpack(counting, applyOptions, cancellationToken);
            }, cancellationToken).ConfigureAwait(false);
        }
        using (writer)
        {
            var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 16 << 20, resumeWriterThreshold: 8 << 20, minimumSegmentSize: 1 << 16,
                useSynchronizationContext: false));
            var unpack = Task.Run(() =>
            {
                using var stream = pipe.Reader.AsStream();
                return Storage.Layers.Unpack(stream, applyOptions, cancellationToken);
            }, cancellationToken);
            Exception? pumpError = null;
            try
            {
                await PumpAsync(job, writer, pipe.Writer, cancellationToken).ConfigureAwait(false);
                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                pumpError = e;
                await pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
            }
            UnpackedLayer? unpacked = null;
            try
            {
                unpacked = await unpack.ConfigureAwait(false);
            }
            catch (Exception) when (pumpError is not null)
            {
                // the download's error is the one to report.
            }
            if (pumpError is not null)
            {
                unpacked?.Dispose();
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(pumpError).Throw();
            }
            job.Report.Report(new ProgressEvent(job.Id, ProgressStatus.Extracting, total, total));
            return unpacked!;
        }
    }

    /// <summary>Network (or an earlier partial download, then the network) → content writer and pipe.</summary>
    private static async Task PumpAsync(LayerJob job, ContentWriter writer, PipeWriter pipe, CancellationToken cancellationToken)
    {
        long total = job.Descriptor.Size;
        var clock = Stopwatch.StartNew();
        long lastReport = -1;
        void Progress(long current, bool force)
        {
            if (!force && clock.ElapsedMilliseconds - lastReport < 100) return;
            lastReport = clock.ElapsedMilliseconds;
            job.Report.Report(new ProgressEvent(job.Id, ProgressStatus.Downloading, current, total));
        }
        byte[] buffer = new byte[1 << 18];
        if (writer.Offset > 0)
        {
            using var prefix = writer.OpenPrefix();
            int n;
            while ((n = await prefix.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var flush = await pipe.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                if (flush.IsCompleted) return;
            }
        }
        await using (var blob = await BlobReadStream.OpenAsync(job.Transport, job.Reference.Path, job.Digest, total, writer.Offset,
            [$"repository:{job.Reference.Path}:pull"], attempt => job.Report.Report(new ProgressEvent(job.Id, ProgressStatus.Retrying, Detail: $"attempt {attempt}")),
            cancellationToken).ConfigureAwait(false))
        {
            while (true)
            {
                int n = await blob.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                writer.Write(buffer.AsSpan(0, n));
                Progress(writer.Written, false);
                var flush = await pipe.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                if (flush.IsCompleted) return; // the unpacker stopped: its error will be reported
            }
        }
        Progress(writer.Written, true);
        job.Report.Report(new ProgressEvent(job.Id, ProgressStatus.VerifyingChecksum));
        try
        {
            await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ImageException e) when (e.Kind == ImageErrorKind.DataLoss)
        {
            throw ImageException.DataLoss($"{job.Reference.FamiliarString}: {e.Message}", e);
        }
        job.Report.Report(new ProgressEvent(job.Id, ProgressStatus.DownloadComplete));
    }
}
