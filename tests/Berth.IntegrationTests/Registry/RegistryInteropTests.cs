using System.Text.Json;
using Berth.Images;
using Berth.Images.Archive;
using Berth.Images.Formats;
using Berth.Images.Layers;
using Berth.Linux.Fs;
using Berth.Oci.Images;
using Berth.Registry;
using Berth.Registry.Auth;

namespace Berth.IntegrationTests.Registry;

/// <summary>Berth against Debian's docker-registry, with skopeo on the other side: pull, push, auth.</summary>
[Trait("Category", "Integration")]
public sealed class RegistryInteropTests : IClassFixture<BusyboxLayout>, IDisposable
{
    private readonly BusyboxLayout _layout;
    private readonly string _root = Directory.CreateTempSubdirectory("berth-store-").FullName;
    private readonly ImageStorage _storage;

    public RegistryInteropTests(BusyboxLayout layout)
    {
        _layout = layout;
        _storage = ImageStorage.Open(_root, new LayerStoreOptions { SyncOnCommit = false });
    }

    public void Dispose()
    {
        _storage.Dispose();
        FsTree.RemoveAll(_root);
    }

    private RegistryClient Client(ICredentialStore? credentials = null, int? chunk = null) =>
        new(_storage, new RegistryClientOptions { Credentials = credentials, UploadChunkSize = chunk, MaxRetries = 2 });

    private static string SkopeoDigest(string reference, string? creds = null) =>
        JsonDocument.Parse(Tools.Run("skopeo", $"inspect --tls-verify=false {(creds is null ? "" : "--creds " + creds)} docker://{reference}").Out)
            .RootElement.GetProperty("Digest").GetString()!;

    [Fact]
    public async Task PullsWhatSkopeoPushedWithTheSameDigests()
    {
        using var registry = new RegistryProcess();
        registry.SkopeoPush(_layout.Layout, "v2", "test/busybox:v2");
        using var client = Client();
        var reference = ImageReference.Parse($"{registry.Host}/test/busybox:v2");
        var events = new List<ProgressEvent>();
        var result = await client.PullAsync(reference, null, new Progress(events));

        Assert.Equal(SkopeoDigest($"{registry.Host}/test/busybox:v2"), result.Digest.ToString());
        Assert.Equal(new[] { $"{registry.Host}/test/busybox@{result.Digest}" }, _storage.Images.RepoDigests(result.Image.Id));
        var chain = _storage.Layers.Chain(result.Image.TopLayer);
        Assert.Equal(2, chain.Count);
        Assert.Equal(BusyboxLayout.Marker, File.ReadAllText(Path.Combine(chain[1].Directory, "etc/berth-test")));
        var busybox = FsCalls.StatAt(null, Path.Combine(chain[0].Directory, "bin/busybox"), 0);
        Assert.Equal(0x1EDu, busybox.Permissions);
        Assert.Equal("busybox", new FileInfo(Path.Combine(chain[0].Directory, "bin/sh")).LinkTarget);
        Assert.Equal(2, events.Count(e => e.Status == ProgressStatus.PullComplete));
        var config = await _storage.Images.GetConfigAsync(result.Image.Id);
        Assert.Equal(["sh"], config.Config!.Cmd);
    }

    [Fact]
    public async Task SkopeoReadsBackWhatBerthPushedWithTheSameDigests()
    {
        using var registry = new RegistryProcess();
        registry.SkopeoPush(_layout.Layout, "v2", "test/busybox:v2");
        using var client = Client();
        var pulled = await client.PullAsync(ImageReference.Parse($"{registry.Host}/test/busybox:v2"));

        // Same repository host, another repository: blobs are mounted, the manifest keeps its digest.
        var copy = ImageReference.Parse($"{registry.Host}/copies/busybox:c1");
        _storage.Images.Tag(pulled.Image.Id, copy);
        var pushed = await client.PushAsync(copy);
        Assert.Equal(pulled.Digest, pushed.Digest);
        Assert.Equal(pushed.Digest.ToString(), SkopeoDigest(copy.ToString()));

        // An image made here (import) goes through a real upload, in chunks.
        string rootfs = Path.Combine(_root, "import-rootfs");
        Tools.BusyboxRootfs(rootfs, "imported\n");
        string tar = Path.Combine(_root, "rootfs.tar");
        Tools.Run("tar", $"-C {rootfs} -czf {tar} .");
        Metadata(await RootfsImporter.ImportAsync(_storage, File.OpenRead(tar), new ImportOptions { Reference = ImageReference.Parse($"{registry.Host}/made/here:1") }));
        using var chunked = Client(chunk: 256 * 1024);
        var events = new List<ProgressEvent>();
        var made = await chunked.PushAsync(ImageReference.Parse($"{registry.Host}/made/here:1"), null, null, new Progress(events));
        Assert.Contains(events, e => e.Status == ProgressStatus.Pushed);
        var raw = Tools.Run("skopeo", $"inspect --raw --tls-verify=false docker://{registry.Host}/made/here:1").Out;
        Assert.Equal(made.Digest, Digest.Sha256(System.Text.Encoding.UTF8.GetBytes(raw)));
        string outDir = Path.Combine(_root, "skopeo-out");
        Tools.Run("skopeo", $"copy -q --src-tls-verify=false docker://{registry.Host}/made/here:1 oci:{outDir}:x");
        Assert.True(File.Exists(Path.Combine(outDir, "index.json")));
    }

    private static void Metadata(global::Berth.Images.Metadata.ImageRecord _) { }

    [Fact]
    public async Task BasicAuthNeedsTheCredentials()
    {
        using var registry = new RegistryProcess(RegistryAuth.Htpasswd);
        string creds = $"{RegistryProcess.User}:{RegistryProcess.Password}";
        registry.SkopeoPush(_layout.Layout, "v1", "private/bb:1", creds);
        var reference = ImageReference.Parse($"{registry.Host}/private/bb:1");
        using (var anonymous = Client())
        {
            var e = await Assert.ThrowsAsync<ImageException>(() => anonymous.PullAsync(reference));
            Assert.Equal(ImageErrorKind.Unauthorized, e.Kind);
            Assert.Contains($"{registry.Host}/private/bb", e.Message);
        }
        using var client = Client();
        var auth = new AuthConfig { Username = RegistryProcess.User, Password = RegistryProcess.Password };
        var result = await client.PullAsync(reference, new PullOptions { Auth = auth });
        Assert.Equal(SkopeoDigest(reference.ToString(), creds), result.Digest.ToString());
        var target = ImageReference.Parse($"{registry.Host}/private/pushed:2");
        _storage.Images.Tag(result.Image.Id, target);
        using var withStore = Client(new StaticCredentials(new Dictionary<string, AuthConfig> { [registry.Host] = auth }));
        var pushed = await withStore.PushAsync(target);
        Assert.Equal(pushed.Digest.ToString(), SkopeoDigest(target.ToString(), creds));
    }

    [Fact]
    public async Task BearerTokenAuthThroughATokenServer()
    {
        using var tokens = new TokenServer();
        using var registry = new RegistryProcess(RegistryAuth.Token, tokens);
        string creds = $"{RegistryProcess.User}:{RegistryProcess.Password}";
        registry.SkopeoPush(_layout.Layout, "v1", "tok/bb:1", creds);
        var reference = ImageReference.Parse($"{registry.Host}/tok/bb:1");
        using var client = Client();
        var e = await Assert.ThrowsAsync<ImageException>(() => client.PullAsync(reference));
        Assert.Equal(ImageErrorKind.Unauthorized, e.Kind);

        var auth = new AuthConfig { Username = RegistryProcess.User, Password = RegistryProcess.Password };
        var result = await client.PullAsync(reference, new PullOptions { Auth = auth });
        Assert.Equal(SkopeoDigest(reference.ToString(), creds), result.Digest.ToString());
        Assert.Contains(tokens.Requests, r => r.Contains("scope=repository%3Atok%2Fbb%3Apull"));

        var target = ImageReference.Parse($"{registry.Host}/tok/pushed:1");
        _storage.Images.Tag(result.Image.Id, target);
        var pushed = await client.PushAsync(target, null, new PushOptions { Auth = auth });
        Assert.Equal(pushed.Digest.ToString(), SkopeoDigest(target.ToString(), creds));
    }

    [Fact]
    public async Task AMissingTagIsNotFoundAndNamesTheImage()
    {
        using var registry = new RegistryProcess();
        using var client = Client();
        var e = await Assert.ThrowsAsync<ImageException>(() => client.PullAsync(ImageReference.Parse($"{registry.Host}/nothing/here:v0")));
        Assert.Equal(ImageErrorKind.NotFound, e.Kind);
        Assert.Contains($"{registry.Host}/nothing/here:v0", e.Message);
        Assert.Empty(_storage.Images.List());
    }

    private sealed class Progress(List<ProgressEvent> list) : IProgress<ProgressEvent>
    {
        public void Report(ProgressEvent value) { lock (list) list.Add(value); }
    }
}
