using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Berth.Build.Copying;

/// <summary>
/// ADD &lt;url&gt;: downloads into a private directory under the file name the URL (or Content-Disposition)
/// gives, mode 0600, modification time from Last-Modified (else the epoch), as the classic builder does.
/// </summary>
public static class RemoteDownloader
{
    /// <summary>The name used when neither the URL nor the response names the file.</summary>
    public const string UnnamedFile = "__unnamed__";

    private static readonly HttpClient s_client = new(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None })
    {
        Timeout = TimeSpan.FromMinutes(30),
    };

    public static bool IsUrl(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    public static bool IsGitUrl(string source) =>
        source.StartsWith("git@", StringComparison.Ordinal) || source.StartsWith("git://", StringComparison.Ordinal)
        || (IsUrl(source) && (source.EndsWith(".git", StringComparison.Ordinal) || source.Contains(".git#", StringComparison.Ordinal)));

    /// <summary>Downloads <paramref name="url"/> into <paramref name="directory"/>; returns the file name ("" when none could be found).</summary>
    public static async Task<(string FileName, string Path)> DownloadAsync(string url, string directory, string? checksum, CancellationToken cancel)
    {
        Uri uri;
        try { uri = new Uri(url); }
        catch (UriFormatException e) { throw BuildException.Invalid($"invalid URL {url}: {e.Message}"); }
        HttpResponseMessage response;
        try
        {
            response = await s_client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancel);
        }
        catch (HttpRequestException e)
        {
            throw new BuildException(BuildErrorKind.StepFailed, $"failed to GET {url}: {e.Message}");
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                string body = "";
                try { body = (await response.Content.ReadAsStringAsync(cancel)).Trim(); } catch (HttpRequestException) { }
                if (body.Length > 200) body = body[..200];
                throw new BuildException(BuildErrorKind.StepFailed, $"failed to GET {url} with status {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
            }
            string name = FileNameFor(uri.AbsolutePath, response.Content.Headers.ContentDisposition);
            Directory.CreateDirectory(directory);
            string path = System.IO.Path.Combine(directory, name.Length == 0 ? UnnamedFile : name);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            await using (var body = await response.Content.ReadAsStreamAsync(cancel))
            {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = await body.ReadAsync(buffer, cancel)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    await file.WriteAsync(buffer.AsMemory(0, n), cancel);
                }
            }
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (checksum is not null)
            {
                string actual = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
                if (!string.Equals(actual, checksum, StringComparison.OrdinalIgnoreCase))
                    throw new BuildException(BuildErrorKind.StepFailed, $"digest mismatch for {url}: expected {checksum}, got {actual}");
            }
            var mtime = response.Content.Headers.LastModified ?? DateTimeOffset.UnixEpoch;
            if (mtime < DateTimeOffset.UnixEpoch) mtime = DateTimeOffset.UnixEpoch;
            File.SetLastWriteTimeUtc(path, mtime.UtcDateTime);
            File.SetLastAccessTimeUtc(path, mtime.UtcDateTime);
            return (name, path);
        }
    }

    private static string FileNameFor(string urlPath, ContentDispositionHeaderValue? disposition)
    {
        if (urlPath.Length > 0 && !urlPath.EndsWith('/'))
        {
            string b = Uri.UnescapeDataString(urlPath[(urlPath.LastIndexOf('/') + 1)..]);
            if (b.Length > 0) return b;
        }
        string? fromHeader = disposition?.FileNameStar ?? disposition?.FileName;
        if (fromHeader is not null)
        {
            fromHeader = fromHeader.Trim('"');
            if (fromHeader.Length > 0 && !fromHeader.EndsWith('/')) return System.IO.Path.GetFileName(fromHeader);
        }
        return "";
    }
}
