using System.Formats.Tar;

namespace Berth.Images.Formats;

/// <summary>Where an image layout is written: a tar stream (save) or a directory (export for skopeo's oci: transport).</summary>
internal abstract class LayoutSink : IDisposable
{
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    /// <summary>Writes a file once (a blob shared by two images goes in once).</summary>
    public void Add(string path, Stream content, long length)
    {
        if (!_written.Add(path)) return;
        Write(path, content, length);
    }

    public void Add(string path, byte[] content) => Add(path, new MemoryStream(content), content.Length);

    protected abstract void Write(string path, Stream content, long length);

    public abstract void Dispose();
}

internal sealed class TarSink(Stream output) : LayoutSink
{
    private readonly TarWriter _tar = new(output, TarEntryFormat.Pax, leaveOpen: true);
    private readonly HashSet<string> _dirs = new(StringComparer.Ordinal);
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    protected override void Write(string path, Stream content, long length)
    {
        string dir = Path.GetDirectoryName(path)?.Replace('\\', '/') ?? "";
        if (dir.Length > 0) EnsureDir(dir);
        _tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = content, Mode = (UnixFileMode)0x1A4, ModificationTime = Epoch });
        content.Dispose();
    }

    private void EnsureDir(string dir)
    {
        if (!_dirs.Add(dir)) return;
        string parent = Path.GetDirectoryName(dir)?.Replace('\\', '/') ?? "";
        if (parent.Length > 0) EnsureDir(parent);
        _tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, dir + "/") { Mode = (UnixFileMode)0x1ED, ModificationTime = Epoch });
    }

    public override void Dispose() => _tar.Dispose();
}

internal sealed class DirectorySink(string root) : LayoutSink
{
    protected override void Write(string path, Stream content, long length)
    {
        string full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using (content)
        using (var f = File.Create(full)) content.CopyTo(f);
    }

    public override void Dispose() { }
}
