using Berth.Oci.Images;

namespace Berth.Images.Content;

/// <summary>
/// Blobs by digest. Content is only ever visible complete and verified: writers stream into a private
/// ingest file, checking size and digest as they go, and commit by fsync + rename.
/// </summary>
public interface IContentStore
{
    /// <summary>The store's directory (<c>&lt;dataRoot&gt;/content</c>).</summary>
    string Root { get; }

    bool Exists(Digest digest);

    /// <summary>The blob's size and commit time, or null when it is absent.</summary>
    ContentInfo? Info(Digest digest);

    /// <summary>Where a committed blob lives (read it; never write it).</summary>
    string BlobPath(Digest digest);

    /// <summary>Opens a committed blob; <see cref="ImageErrorKind.NotFound"/> when absent.</summary>
    Stream OpenRead(Digest digest);

    Task<byte[]> ReadAllBytesAsync(Digest digest, CancellationToken cancellationToken = default);

    /// <summary>
    /// A writer for a blob of known digest, or null when the blob is already committed. Only one writer per
    /// digest exists at a time: a second caller waits for the first to finish, then usually gets null. A
    /// writer resumes the partial data an earlier, interrupted writer left (<see cref="ContentWriter.Offset"/>).
    /// </summary>
    Task<ContentWriter?> TryOpenWriterAsync(Digest expected, long expectedSize, CancellationToken cancellationToken = default);

    /// <summary>A writer for content whose digest is learnt while writing (imports, commits, saves).</summary>
    ContentWriter OpenWriter();

    /// <summary>Writes a whole small blob (manifests, configs); a no-op when it exists. Verifies <paramref name="expected"/>.</summary>
    Task<ContentInfo> WriteAsync(ReadOnlyMemory<byte> data, Digest? expected = null, CancellationToken cancellationToken = default);

    /// <summary>Copies a stream into the store, verifying digest and size when given.</summary>
    Task<ContentInfo> IngestAsync(Stream source, Digest? expected = null, long expectedSize = -1, CancellationToken cancellationToken = default);

    /// <summary>Removes a blob; false when it was not there.</summary>
    bool Delete(Digest digest);

    /// <summary>Every committed blob (for garbage collection).</summary>
    IEnumerable<ContentInfo> Walk();

    /// <summary>Removes ingest files not touched for <paramref name="olderThan"/> (left by killed writers).</summary>
    int CleanIngests(TimeSpan olderThan);
}
