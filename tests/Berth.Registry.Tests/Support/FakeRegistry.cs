using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Berth.Oci.Images;

namespace Berth.Registry.Tests.Support;

/// <summary>
/// An in-memory registry behind an HttpMessageHandler, with faults to inject: 5xx answers, connections that
/// break after N bytes of a blob, wrong content, garbage manifests, a bearer-token challenge.
/// </summary>
public sealed class FakeRegistry : HttpMessageHandler
{
    public readonly Dictionary<string, (byte[] Body, string MediaType)> Manifests = new();
    public readonly Dictionary<string, byte[]> Blobs = new();
    public readonly List<string> Log = new();
    public int FailNextRequestsWith503;
    public long BreakBlobAfterBytes = -1;
    public int BlobBreaksLeft;
    public bool IgnoreRange;
    public string? RequireToken;
    public int TokenRequests;
    public readonly Dictionary<string, byte[]> Uploads = new();
    /// <summary>Which repository holds which blob ("repo|digest").</summary>
    public readonly HashSet<string> Linked = new();

    /// <summary>Adds an image (busybox-like, one file per layer) under repo:tag; returns config digest and layer tars.</summary>
    public (Digest Config, Digest Manifest, List<byte[]> Tars) AddImage(string repo, string tag, int layers = 2, int fileSize = 100_000, string arch = "amd64")
    {
        var tars = new List<byte[]>();
        var descriptors = new List<Descriptor>();
        var diffIds = new List<string>();
        var rnd = new Random(layers * 31 + fileSize);
        for (int i = 0; i < layers; i++)
        {
            byte[] data = new byte[fileSize];
            rnd.NextBytes(data);
            var ms = new MemoryStream();
            using (var w = new System.Formats.Tar.TarWriter(ms, System.Formats.Tar.TarEntryFormat.Pax, leaveOpen: true))
                w.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, $"layer{i}/data.bin") { DataStream = new MemoryStream(data) });
            byte[] tar = ms.ToArray();
            tars.Add(tar);
            var gz = new MemoryStream();
            using (var g = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) g.Write(tar);
            byte[] blob = gz.ToArray();
            var d = Digest.Sha256(blob);
            Blobs[d.ToString()] = blob;
            Linked.Add($"{repo}|{d}");
            descriptors.Add(new Descriptor { MediaType = MediaTypes.OciLayerGzip, Digest = d.ToString(), Size = blob.Length });
            diffIds.Add(Digest.Sha256(tar).ToString());
        }
        var config = new ImageConfig { Architecture = arch, Os = "linux", RootFs = new RootFs { DiffIds = diffIds }, Config = new ContainerConfig { Cmd = ["sh"] } };
        byte[] configBytes = JsonSerializer.SerializeToUtf8Bytes(config, ImageJsonContext.Default.ImageConfig);
        var cd = Digest.Sha256(configBytes);
        Blobs[cd.ToString()] = configBytes;
        Linked.Add($"{repo}|{cd}");
        var manifest = new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = cd.ToString(), Size = configBytes.Length },
            Layers = descriptors,
        };
        byte[] mb = JsonSerializer.SerializeToUtf8Bytes(manifest, ImageJsonContext.Default.ImageManifest);
        var md = Digest.Sha256(mb);
        Manifests[$"{repo}:{tag}"] = (mb, MediaTypes.OciManifest);
        Manifests[$"{repo}:{md}"] = (mb, MediaTypes.OciManifest);
        return (cd, md, tars);
    }

    public Digest AddIndex(string repo, string tag, params (Digest Manifest, string Arch, string? Variant)[] entries)
    {
        var index = new ImageIndex
        {
            MediaType = MediaTypes.OciIndex,
            Manifests = entries.Select(e => new Descriptor
            {
                MediaType = MediaTypes.OciManifest, Digest = e.Manifest.ToString(), Size = Manifests[$"{repo}:{e.Manifest}"].Body.Length,
                Platform = new Platform { Os = "linux", Architecture = e.Arch, Variant = e.Variant },
            }).ToList(),
        };
        byte[] b = JsonSerializer.SerializeToUtf8Bytes(index, ImageJsonContext.Default.ImageIndex);
        var d = Digest.Sha256(b);
        Manifests[$"{repo}:{tag}"] = (b, MediaTypes.OciIndex);
        Manifests[$"{repo}:{d}"] = (b, MediaTypes.OciIndex);
        return d;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string path = request.RequestUri!.AbsolutePath;
        lock (Log) Log.Add($"{request.Method} {request.RequestUri.PathAndQuery}{(request.Headers.Range is { } r ? " " + r : "")}");
        if (path == "/token")
        {
            TokenRequests++;
            return Json(HttpStatusCode.OK, $"{{\"token\":\"{RequireToken}\"}}");
        }
        if (RequireToken is not null && request.Headers.Authorization?.Parameter != RequireToken)
        {
            var r401 = Json(HttpStatusCode.Unauthorized, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
            r401.Headers.WwwAuthenticate.ParseAdd("Bearer realm=\"http://fake/token\",service=\"fake\",scope=\"repository:x:pull\"");
            return r401;
        }
        if (FailNextRequestsWith503 > 0)
        {
            FailNextRequestsWith503--;
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("busy") };
        }
        var parts = path.TrimStart('/').Split('/');
        // v2/<repo...>/manifests/<ref> | v2/<repo...>/blobs/<digest> | v2/<repo...>/blobs/uploads/...
        int kind = Array.FindLastIndex(parts, p => p is "manifests" or "blobs");
        if (parts[0] != "v2" || kind < 2) return Json(HttpStatusCode.NotFound, "{}");
        string repo = string.Join('/', parts[1..kind]);
        string rest = string.Join('/', parts[(kind + 1)..]);
        if (parts[kind] == "manifests")
        {
            if (request.Method == HttpMethod.Put)
            {
                byte[] body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
                var d = Digest.Sha256(body);
                Manifests[$"{repo}:{rest}"] = (body, request.Content.Headers.ContentType!.MediaType!);
                Manifests[$"{repo}:{d}"] = (body, request.Content.Headers.ContentType!.MediaType!);
                var created = new HttpResponseMessage(HttpStatusCode.Created);
                created.Headers.Add("Docker-Content-Digest", d.ToString());
                return created;
            }
            if (!Manifests.TryGetValue($"{repo}:{rest}", out var m))
                return Json(HttpStatusCode.NotFound, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
            var resp = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(m.Body) };
            resp.Content.Headers.ContentType = new MediaTypeHeaderValue(m.MediaType);
            return resp;
        }
        if (rest.StartsWith("uploads", StringComparison.Ordinal))
        {
            string id = rest.Length > "uploads/".Length ? rest["uploads/".Length..] : "";
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query);
            if (request.Method == HttpMethod.Post && query["mount"] is { } mount && Linked.Contains($"{query["from"]}|{mount}"))
            {
                Linked.Add($"{repo}|{mount}");
                return new HttpResponseMessage(HttpStatusCode.Created);
            }
            if (request.Method == HttpMethod.Post)
            {
                string uuid = Guid.NewGuid().ToString("N");
                Uploads[uuid] = [];
                var accepted = new HttpResponseMessage(HttpStatusCode.Accepted);
                accepted.Headers.Location = new Uri($"/v2/{repo}/blobs/uploads/{uuid}?_state=x", UriKind.Relative);
                return accepted;
            }
            byte[] chunk = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            Uploads[id] = [.. Uploads[id], .. chunk];
            if (request.Method == HttpMethod.Patch)
            {
                var accepted = new HttpResponseMessage(HttpStatusCode.Accepted);
                accepted.Headers.Location = new Uri($"/v2/{repo}/blobs/uploads/{id}?_state=y", UriKind.Relative);
                return accepted;
            }
            string digest = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query)["digest"]!;
            if (Digest.Sha256(Uploads[id]).ToString() != digest) return Json(HttpStatusCode.BadRequest, "{\"errors\":[{\"code\":\"DIGEST_INVALID\"}]}");
            Blobs[digest] = Uploads[id];
            Linked.Add($"{repo}|{digest}");
            return new HttpResponseMessage(HttpStatusCode.Created);
        }
        if (!Blobs.TryGetValue(rest, out byte[]? blob) || !Linked.Contains($"{repo}|{rest}"))
            return Json(HttpStatusCode.NotFound, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\"}]}");
        if (request.Method == HttpMethod.Head) return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        long from = !IgnoreRange && request.Headers.Range?.Ranges.FirstOrDefault()?.From is long f ? f : 0;
        Stream content = new MemoryStream(blob, (int)from, blob.Length - (int)from);
        if (BlobBreaksLeft > 0 && BreakBlobAfterBytes >= 0)
        {
            BlobBreaksLeft--;
            content = new BreakingStream(content, BreakBlobAfterBytes);
        }
        var ok = new HttpResponseMessage(from > 0 ? HttpStatusCode.PartialContent : HttpStatusCode.OK) { Content = new StreamContent(content) };
        return ok;
    }

    private static HttpResponseMessage Json(HttpStatusCode code, string body) =>
        new(code) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed class BreakingStream(Stream inner, long after) : Stream
    {
        private long _read;
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= after) throw new IOException("connection reset by fake peer");
            int n = inner.Read(buffer, offset, (int)Math.Min(count, after - _read));
            _read += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
