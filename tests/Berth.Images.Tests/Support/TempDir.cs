using Berth.Images.Archive;

namespace Berth.Images.Tests.Support;

/// <summary>A scratch directory removed (even when unwritable) at dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("berth-img-").FullName;

    public string Sub(string name)
    {
        string p = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(p);
        return p;
    }

    public void Dispose() => FsTree.RemoveAll(Path);
}
