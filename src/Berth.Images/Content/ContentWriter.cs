using System.Security.Cryptography;
using Berth.Linux;
using Berth.Oci.Images;

namespace Berth.Images.Content;

/// <summary>
/// A write-only stream into a private ingest file that digests and counts as it goes. <see cref="CommitAsync"/>
/// checks size and digest, fsyncs and renames the file into the store; disposing without a commit keeps the
/// partial data of a known digest (the next writer resumes it) and drops the rest.
/// </summary>
public sealed class ContentWriter : Stream
{
    private readonly ContentStore _store;
    private readonly string _ingestDir;
    private readonly Action? _release;
    private FileStream _file;
    private IncrementalHash _hash;
    private bool _committed, _disposed;

    /// <summary>The digest the content must have, when known in advance.</summary>
    public Digest? Expected { get; }
    /// <summary>The size the content must have, or -1.</summary>
    public long ExpectedSize { get; }
    /// <summary>Bytes found from an earlier, interrupted writer; new writes continue after them.</summary>
    public long Offset { get; private set; }
    /// <summary>Bytes in the file so far (including <see cref="Offset"/>).</summary>
    public long Written { get; private set; }
    /// <summary>Keep the partial data when disposed without a commit (default for a known digest).</summary>
    public bool KeepPartial { get; set; }

    internal ContentWriter(ContentStore store, string ingestDir, Digest? expected, long expectedSize, Action? release)
    {
        _store = store;
        _ingestDir = ingestDir;
        _release = release;
        Expected = expected;
        ExpectedSize = expectedSize;
        KeepPartial = expected is not null;
        Directory.CreateDirectory(ingestDir);
        string data = Path.Combine(ingestDir, "data");
        _hash = IncrementalHash.CreateHash(HashOf(expected?.Algorithm ?? "sha256"));
        _file = new FileStream(data, new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.Read, BufferSize = 1 << 20,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        });
        if (expected is not null && _file.Length > 0 && (expectedSize < 0 || _file.Length <= expectedSize))
        {
            // Rehash what an earlier writer left so the digest covers the whole blob.
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = _file.Read(buffer)) > 0) _hash.AppendData(buffer, 0, n);
            Offset = Written = _file.Position;
        }
        else
        {
            _file.SetLength(0);
        }
    }

    private static HashAlgorithmName HashOf(string algorithm) => algorithm switch
    {
        "sha256" => HashAlgorithmName.SHA256,
        "sha512" => HashAlgorithmName.SHA512,
        _ => throw ImageException.Invalid($"unsupported digest algorithm \"{algorithm}\""),
    };

    /// <summary>Reads the bytes an earlier writer left (the first <see cref="Offset"/> bytes).</summary>
    public Stream OpenPrefix() =>
        new BoundedReadStream(new FileStream(Path.Combine(_ingestDir, "data"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16), Offset);

    /// <summary>Drops everything written so far (a server ignored a range request and sends from the start).</summary>
    public void Reset()
    {
        _file.SetLength(0);
        _file.Position = 0;
        _hash.Dispose();
        _hash = IncrementalHash.CreateHash(HashOf(Expected?.Algorithm ?? "sha256"));
        Offset = Written = 0;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (ExpectedSize >= 0 && Written + buffer.Length > ExpectedSize)
            throw ImageException.DataLoss($"blob {Expected}: more data than the {ExpectedSize} bytes expected");
        _hash.AppendData(buffer);
        _file.Write(buffer);
        Written += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    /// <summary>The digest of what was written so far (without finishing the writer).</summary>
    public Digest CurrentDigest()
    {
        byte[] h = _hash.GetCurrentHash();
        return new Digest(Expected?.Algorithm ?? "sha256", Convert.ToHexStringLower(h));
    }

    /// <summary>Verifies and publishes the blob; returns it. Throws <see cref="ImageErrorKind.DataLoss"/> on a mismatch (and drops the data).</summary>
    public Task<ContentInfo> CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var digest = CurrentDigest();
        if (ExpectedSize >= 0 && Written != ExpectedSize)
        {
            KeepPartial = Written < ExpectedSize && KeepPartial;
            throw ImageException.DataLoss($"blob {Expected?.ToString() ?? digest.ToString()}: size {Written}, expected {ExpectedSize}");
        }
        if (Expected is { } expected && expected != digest)
        {
            KeepPartial = false;
            throw ImageException.DataLoss($"blob {expected}: content has digest {digest}");
        }
        _file.Flush(flushToDisk: true);
        _file.Dispose();
        _store.Publish(Path.Combine(_ingestDir, "data"), digest);
        _committed = true;
        var info = _store.Info(digest) ?? throw new ImageException(ImageErrorKind.Internal, $"blob {digest} vanished after commit");
        return Task.FromResult(info);
    }

    protected override void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            _file.Dispose();
            _hash.Dispose();
            if (_committed || !KeepPartial || Written == 0)
                try { Directory.Delete(_ingestDir, recursive: true); } catch (DirectoryNotFoundException) { }
            else
                File.SetLastWriteTimeUtc(Path.Combine(_ingestDir, "data"), DateTime.UtcNow);
        }
        finally
        {
            _release?.Invoke();
            base.Dispose(disposing);
        }
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_disposed;
    public override long Length => Written;
    public override long Position { get => Written; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
