namespace Berth.Runtime.Init;

/// <summary>Reads /etc/passwd and /etc/group of the container (called after pivot_root, so plain paths are the container's).</summary>
internal static class PasswdLookup
{
    public readonly record struct PasswdEntry(string Name, uint Uid, uint Gid, string Home);

    public static PasswdEntry? FindUser(Func<PasswdEntry, bool> match, string passwdPath = "/etc/passwd")
    {
        foreach (var line in ReadLines(passwdPath))
        {
            var f = line.Split(':');
            if (f.Length < 7 || !uint.TryParse(f[2], out uint uid) || !uint.TryParse(f[3], out uint gid)) continue;
            var entry = new PasswdEntry(f[0], uid, gid, f[5]);
            if (match(entry)) return entry;
        }
        return null;
    }

    public static uint? FindGroup(string name, string groupPath = "/etc/group")
    {
        foreach (var line in ReadLines(groupPath))
        {
            var f = line.Split(':');
            if (f.Length >= 3 && f[0] == name && uint.TryParse(f[2], out uint gid)) return gid;
        }
        return null;
    }

    /// <summary>The ids of the supplementary groups that list <paramref name="user"/> as a member.</summary>
    public static List<uint> GroupsOf(string user, string groupPath = "/etc/group")
    {
        var result = new List<uint>();
        foreach (var line in ReadLines(groupPath))
        {
            var f = line.Split(':');
            if (f.Length < 4 || !uint.TryParse(f[2], out uint gid)) continue;
            foreach (var member in f[3].Split(','))
                if (member == user) { result.Add(gid); break; }
        }
        return result;
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (IOException) { yield break; }
        catch (UnauthorizedAccessException) { yield break; }
        foreach (var l in lines)
            if (l.Length > 0 && l[0] != '#') yield return l;
    }
}
