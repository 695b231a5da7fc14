using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Berth.Build.Context;

/// <summary>
/// Docker's tarsum v1 per-file hash: the selected header fields (mtime left out, so touching a file keeps the cache)
/// followed by the content. The classic builder names COPY sources by these hashes in its history lines
/// ("COPY file:&lt;hex&gt; in /app"), so computing them the same way gives the same created_by strings.
/// </summary>
public sealed class TarSum : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Starts a file's hash with its header (xattr values as Latin-1 byte strings). With <paramref name="blankNames"/> (archives) user and group names are not hashed.</summary>
    public TarSum(string name, long mode, long uid, long gid, long size, char typeFlag, string linkName, string uname, string gname,
        long devMajor, long devMinor, IReadOnlyDictionary<string, string>? xattrs, bool blankNames)
    {
        Add("name", name);
        Add("mode", mode.ToString(CultureInfo.InvariantCulture));
        Add("uid", uid.ToString(CultureInfo.InvariantCulture));
        Add("gid", gid.ToString(CultureInfo.InvariantCulture));
        Add("size", size.ToString(CultureInfo.InvariantCulture));
        Add("typeflag", typeFlag == '\0' ? "\0" : typeFlag.ToString());
        Add("linkname", linkName);
        Add("uname", blankNames ? "" : uname);
        Add("gname", blankNames ? "" : gname);
        Add("devmajor", devMajor.ToString(CultureInfo.InvariantCulture));
        Add("devminor", devMinor.ToString(CultureInfo.InvariantCulture));
        if (xattrs is not null)
            foreach (var key in xattrs.Keys.Order(StringComparer.Ordinal))
            {
                _hash.AppendData(Encoding.UTF8.GetBytes(key));
                _hash.AppendData(Encoding.Latin1.GetBytes(xattrs[key]));
            }
    }

    public static TarSum ForEntry(RawTarEntry e) =>
        new(e.Name, e.Mode, e.Uid, e.Gid, e.Size, e.TypeFlag, e.LinkName, e.Uname, e.Gname, e.DevMajor, e.DevMinor, e.Xattrs, blankNames: true);

    private void Add(string key, string value)
    {
        _hash.AppendData(Encoding.UTF8.GetBytes(key));
        _hash.AppendData(Encoding.UTF8.GetBytes(value));
    }

    public void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

    /// <summary>The hex digest.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();

    /// <summary>"dir:…" and "multi:…": sha256 of the comma-joined hashes.</summary>
    public static string HashList(string prefix, IEnumerable<string> hashes) =>
        prefix + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(',', hashes))));
}
