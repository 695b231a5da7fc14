// berth-pull: drives Berth.Registry from the command line, for the pull benchmark and for tests that need a
// pull in a separate process (the kill -9 test).
//   berth-pull pull <dataRoot> <reference> [--quiet] [--sync] [--platform os/arch]
//   berth-pull push <dataRoot> <reference>
//   berth-pull verify <dataRoot> <reference>     (exit 0 when the image is complete and every blob verifies)
//   berth-pull unpack <blob> <directory>         (decompress + diffID + apply one layer, as a pull does)
using System.Diagnostics;
using System.Security.Cryptography;
using Berth.Images;
using Berth.Images.Layers;
using Berth.Oci.Images;
using Berth.Registry;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: berth-pull pull|push|verify <dataRoot> <reference> [--quiet] [--sync] [--platform p]");
    return 2;
}
string command = args[0], dataRoot = args[1];
if (command == "unpack")
{
    var watch = Stopwatch.StartNew();
    Directory.CreateDirectory(args[2]);
    using var blob = File.OpenRead(dataRoot);
    var (plain, kind) = Berth.Images.Archive.Compression.Decompress(blob);
    using var hashing = new Berth.Images.Archive.HashingReadStream(plain);
    var applied = Berth.Images.Archive.TarApplier.Apply(hashing, args[2]);
    hashing.Drain();
    Console.WriteLine($"{kind} {hashing.BytesRead} bytes, {applied.Entries} entries, diffID {hashing.Digest} in {watch.Elapsed.TotalSeconds:F3} s");
    return 0;
}
var reference = ImageReference.Parse(args[2]);
bool quiet = args.Contains("--quiet");
bool sync = args.Contains("--sync");
int pi = Array.IndexOf(args, "--platform");
var platform = pi > 0 ? PlatformMatcher.Parse(args[pi + 1]) : null;

using var storage = ImageStorage.Open(dataRoot, new LayerStoreOptions { SyncOnCommit = sync });
using var client = new RegistryClient(storage, new RegistryClientOptions { Credentials = null });
var progress = new SyncProgress(e => { if (!quiet) Console.WriteLine($"{e.Id}: {e.StatusText} {(e.Total > 0 ? $"{e.Current}/{e.Total}" : "")}"); });
var clock = Stopwatch.StartNew();
try
{
    switch (command)
    {
        case "pull":
        {
            var result = await client.PullAsync(reference, new PullOptions { Platform = platform }, progress);
            Console.WriteLine($"Digest: {result.Digest}");
            Console.WriteLine($"Status: {(result.UpToDate ? "Image is up to date for" : "Downloaded newer image for")} {reference.FamiliarString}");
            Console.WriteLine($"image {result.Image.Id} size {result.Image.Size} in {clock.Elapsed.TotalSeconds:F3} s");
            return 0;
        }
        case "push":
        {
            var result = await client.PushAsync(reference, null, null, progress);
            Console.WriteLine($"{result.Tag}: digest: {result.Digest} size: {result.Size} in {clock.Elapsed.TotalSeconds:F3} s");
            return 0;
        }
        case "verify":
        {
            var image = storage.Images.GetByName(reference) ?? throw ImageException.NotFound($"no such image: {reference}");
            foreach (var l in image.Layers)
            {
                var d = Digest.Parse(l.Digest);
                using var f = storage.Content.OpenRead(d);
                var actual = Digest.FromSha256Hash(SHA256.HashData(f));
                if (actual != d) throw ImageException.DataLoss($"blob {d} has digest {actual}");
            }
            var chain = storage.Layers.Chain(image.TopLayer);
            var config = await storage.Images.GetConfigAsync(image.Id);
            if (chain.Count != config.RootFs.DiffIds.Count) throw ImageException.DataLoss("layer chain length differs from the config");
            for (int i = 0; i < chain.Count; i++)
                if (chain[i].DiffId.ToString() != config.RootFs.DiffIds[i]) throw ImageException.DataLoss($"layer {i} has diffID {chain[i].DiffId}");
            Console.WriteLine($"ok {image.Id} {chain.Count} layers");
            return 0;
        }
        default:
            Console.Error.WriteLine($"unknown command {command}");
            return 2;
    }
}
catch (ImageException e)
{
    Console.Error.WriteLine($"error ({e.Kind}): {e.Message}");
    return 1;
}

sealed class SyncProgress(Action<ProgressEvent> action) : IProgress<ProgressEvent>
{
    public void Report(ProgressEvent value) => action(value);
}
