using Berth.Images;
using Berth.Images.Archive;
using Berth.Images.Layers;

namespace Berth.Registry.Tests.Support;

/// <summary>A storage in a scratch directory and a client that talks to a fake registry.</summary>
public sealed class Scratch : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("berth-reg-").FullName;
    public ImageStorage Storage { get; }
    public FakeRegistry Registry { get; } = new();
    public RegistryClient Client { get; }

    public Scratch(int retries = 3)
    {
        Storage = ImageStorage.Open(Root, new LayerStoreOptions { SyncOnCommit = false });
        Client = new RegistryClient(Storage, new RegistryClientOptions
        {
            Handler = Registry, Credentials = null, RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetries = retries,
            DefaultPlatform = new Oci.Images.Platform { Os = "linux", Architecture = "amd64" },
        });
    }

    public void Dispose()
    {
        Client.Dispose();
        Storage.Dispose();
        FsTree.RemoveAll(Root);
    }
}

public sealed class Events : IProgress<ProgressEvent>
{
    public List<ProgressEvent> All { get; } = new();
    public void Report(ProgressEvent value) { lock (All) All.Add(value); }
    public IEnumerable<string> Texts => All.Select(e => e.StatusText);
}
