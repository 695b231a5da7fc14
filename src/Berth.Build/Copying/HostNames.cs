using System.Collections.Concurrent;
using System.Globalization;

namespace Berth.Build.Copying;

/// <summary>
/// User and group names of the daemon's host by id, as Go's archive/tar fills a header's Uname/Gname; the classic
/// builder hashes those names for files of images and downloads.
/// </summary>
internal static class HostNames
{
    private static readonly ConcurrentDictionary<(string File, uint Id), string> s_cache = new();

    public static string User(uint uid) => Lookup("/etc/passwd", uid);

    public static string Group(uint gid) => Lookup("/etc/group", gid);

    private static string Lookup(string file, uint id) => s_cache.GetOrAdd((file, id), static key =>
    {
        try
        {
            foreach (var line in File.ReadLines(key.File))
            {
                var f = line.Split(':');
                if (f.Length > 2 && uint.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v == key.Id) return f[0];
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return "";
    });
}
