using Berth.Linux;
using Berth.Oci.Images;

namespace Berth.Images.Content;

/// <summary>
/// The content store on disk: <c>&lt;root&gt;/blobs/&lt;alg&gt;/&lt;hex&gt;</c> for committed blobs,
/// <c>&lt;root&gt;/ingest/</c> for writers in progress. One writer per digest at a time in this process.
/// </summary>
public sealed class ContentStore : IContentStore
{
    private readonly Dictionary<Digest, TaskCompletionSource> _writers = new();

    public string Root { get; }

    public ContentStore(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(Root, "blobs", "sha256"));
        Directory.CreateDirectory(Path.Combine(Root, "ingest"));
    }

    public string BlobPath(Digest digest) => Path.Combine(Root, "blobs", digest.Algorithm, digest.Hex);

    public bool Exists(Digest digest) => File.Exists(BlobPath(digest));

    public ContentInfo? Info(Digest digest)
    {
        var fi = new FileInfo(BlobPath(digest));
        return fi.Exists ? new ContentInfo(digest, fi.Length, fi.LastWriteTimeUtc) : null;
    }

    public Stream OpenRead(Digest digest)
    {
        try
        {
            return new FileStream(BlobPath(digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
                FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            throw ImageException.NotFound($"content {digest}: not found");
        }
    }

    public async Task<byte[]> ReadAllBytesAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        try
        {
            return await File.ReadAllBytesAsync(BlobPath(digest), cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            throw ImageException.NotFound($"content {digest}: not found");
        }
    }

    public async Task<ContentWriter?> TryOpenWriterAsync(Digest expected, long expectedSize, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task wait;
            lock (_writers)
            {
                if (!_writers.TryGetValue(expected, out var busy))
                {
                    if (Exists(expected)) return null;
                    var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _writers[expected] = mine;
                    break;
                }
                wait = busy.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        try
        {
            return new ContentWriter(this, Path.Combine(Root, "ingest", expected.Algorithm + "-" + expected.Hex), expected, expectedSize,
                () => Release(expected));
        }
        catch
        {
            Release(expected);
            throw;
        }
    }

    private void Release(Digest digest)
    {
        TaskCompletionSource? tcs;
        lock (_writers)
        {
            if (_writers.Remove(digest, out tcs)) { }
        }
        tcs?.TrySetResult();
    }

    public ContentWriter OpenWriter() =>
        new(this, Path.Combine(Root, "ingest", "tmp-" + Guid.NewGuid().ToString("N")), null, -1, null);

    public async Task<ContentInfo> WriteAsync(ReadOnlyMemory<byte> data, Digest? expected = null, CancellationToken cancellationToken = default)
    {
        var digest = expected?.Algorithm == "sha512"
            ? new Digest("sha512", Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData(data.Span)))
            : Digest.Sha256(data.Span);
        if (expected is { } e && e != digest) throw ImageException.DataLoss($"blob {e}: content has digest {digest}");
        if (Info(digest) is { } existing) return existing;
        using var writer = await TryOpenWriterAsync(digest, data.Length, cancellationToken).ConfigureAwait(false);
        if (writer is null) return Info(digest)!;
        writer.Reset();
        writer.Write(data.Span);
        return await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ContentInfo> IngestAsync(Stream source, Digest? expected = null, long expectedSize = -1, CancellationToken cancellationToken = default)
    {
        if (expected is { } known)
        {
            using var writer = await TryOpenWriterAsync(known, expectedSize, cancellationToken).ConfigureAwait(false);
            if (writer is null) return Info(known)!;
            writer.Reset();
            writer.KeepPartial = false;
            await source.CopyToAsync(writer, 1 << 20, cancellationToken).ConfigureAwait(false);
            return await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        using (var writer = OpenWriter())
        {
            await source.CopyToAsync(writer, 1 << 20, cancellationToken).ConfigureAwait(false);
            if (expectedSize >= 0 && writer.Written != expectedSize)
                throw ImageException.DataLoss($"blob {writer.CurrentDigest()}: size {writer.Written}, expected {expectedSize}");
            return await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Moves a verified, fsynced ingest file into place and makes the rename durable.</summary>
    internal void Publish(string dataFile, Digest digest)
    {
        string target = BlobPath(digest);
        string dir = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(dir);
        File.Move(dataFile, target, overwrite: true);
        AtomicFile.SyncDirectory(dir);
    }

    public bool Delete(Digest digest)
    {
        string path = BlobPath(digest);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        return true;
    }

    public IEnumerable<ContentInfo> Walk()
    {
        foreach (string algDir in Directory.EnumerateDirectories(Path.Combine(Root, "blobs")))
        {
            string alg = Path.GetFileName(algDir);
            foreach (string file in Directory.EnumerateFiles(algDir))
            {
                if (!Digest.TryParse(alg + ":" + Path.GetFileName(file), out var d)) continue;
                var fi = new FileInfo(file);
                if (fi.Exists) yield return new ContentInfo(d, fi.Length, fi.LastWriteTimeUtc);
            }
        }
    }

    public int CleanIngests(TimeSpan olderThan)
    {
        int removed = 0;
        var cutoff = DateTime.UtcNow - olderThan;
        foreach (string dir in Directory.EnumerateDirectories(Path.Combine(Root, "ingest")))
        {
            string name = Path.GetFileName(dir);
            bool busy;
            lock (_writers) busy = _writers.Keys.Any(d => d.Algorithm + "-" + d.Hex == name);
            if (busy) continue;
            var data = new FileInfo(Path.Combine(dir, "data"));
            if (data.Exists && data.LastWriteTimeUtc > cutoff) continue;
            try { Directory.Delete(dir, recursive: true); removed++; } catch (IOException) { }
        }
        return removed;
    }
}
