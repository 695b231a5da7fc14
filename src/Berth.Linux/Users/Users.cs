using Berth.Linux.Interop;

namespace Berth.Linux;

/// <summary>
/// Reads /etc/passwd and /etc/group of a root filesystem (the host's or a container's) to turn Docker's
/// "user[:group]" into numeric ids, as runc's libcontainer/user does. Files are read through the given root so a
/// symlinked /etc/passwd in an image cannot point outside it.
/// </summary>
public static class Users
{
    public sealed record Resolved(uint Uid, uint Gid, List<uint> AdditionalGids, string Home);

    /// <summary>Host group id by name, or null.</summary>
    public static int? LookupGroupId(string name)
    {
        foreach (var line in SafeReadLines("/etc/group"))
        {
            var f = line.Split(':');
            if (f.Length >= 3 && f[0] == name && int.TryParse(f[2], out int gid)) return gid;
        }
        return null;
    }

    public static void Chown(string path, int uid, int gid)
    {
        if (Libc.fchownat(Libc.AT_FDCWD, path, (uint)uid, (uint)gid, 0) != 0)
            throw SyscallException.FromLastError("chown", path);
    }

    /// <summary>
    /// Resolves "user", "uid", "user:group", "uid:gid" (and empty = root) against the root's passwd/group files.
    /// Numeric ids need no entry; a name that is not found is an error naming it. Supplementary groups are the
    /// groups listing the user by name, plus <paramref name="extraGroups"/> (names or ids).
    /// </summary>
    public static Resolved Resolve(RootDirectory? root, string? spec, IEnumerable<string>? extraGroups = null)
    {
        string user = spec ?? "", group = "";
        int colon = user.IndexOf(':');
        if (colon >= 0) { group = user[(colon + 1)..]; user = user[..colon]; }
        var passwd = ReadEntries(root, "/etc/passwd");
        var groups = ReadEntries(root, "/etc/group");

        uint uid = 0, gid = 0;
        string name = "root", home = "/";
        if (user.Length == 0) user = "0";
        string[]? pw = uint.TryParse(user, out uid)
            ? passwd.FirstOrDefault(e => e.Length >= 6 && e[2] == user)
            : passwd.FirstOrDefault(e => e.Length >= 6 && e[0] == user);
        if (pw is null && !uint.TryParse(user, out uid))
            throw new ArgumentException($"unable to find user {user}: no matching entries in passwd file");
        if (pw is not null)
        {
            name = pw[0];
            uid = uint.Parse(pw[2]);
            gid = uint.TryParse(pw[3], out var g) ? g : 0;
            home = pw[5].Length > 0 ? pw[5] : "/";
        }
        else name = "";

        if (group.Length > 0)
        {
            if (!uint.TryParse(group, out gid))
            {
                var gr = groups.FirstOrDefault(e => e.Length >= 3 && e[0] == group)
                    ?? throw new ArgumentException($"unable to find group {group}: no matching entries in group file");
                gid = uint.Parse(gr[2]);
            }
        }

        var extra = new List<uint>();
        if (group.Length == 0 && name.Length > 0)
        {
            foreach (var gr in groups)
            {
                if (gr.Length >= 4 && gr[3].Split(',').Contains(name) && uint.TryParse(gr[2], out var g) && !extra.Contains(g))
                    extra.Add(g);
            }
        }
        foreach (var eg in extraGroups ?? [])
        {
            uint g;
            if (!uint.TryParse(eg, out g))
            {
                var gr = groups.FirstOrDefault(e => e.Length >= 3 && e[0] == eg)
                    ?? throw new ArgumentException($"unable to find group {eg}: no matching entries in group file");
                g = uint.Parse(gr[2]);
            }
            if (!extra.Contains(g)) extra.Add(g);
        }
        return new Resolved(uid, gid, extra, home);
    }

    private static List<string[]> ReadEntries(RootDirectory? root, string path)
    {
        var list = new List<string[]>();
        foreach (var line in root is null ? SafeReadLines(path) : ReadInRoot(root, path))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            list.Add(line.Split(':'));
        }
        return list;
    }

    private static IEnumerable<string> SafeReadLines(string path)
    {
        try { return File.ReadAllLines(path); } catch (IOException) { return []; } catch (UnauthorizedAccessException) { return []; }
    }

    private static IEnumerable<string> ReadInRoot(RootDirectory root, string path)
    {
        if (root.TryOpen(path, Libc.O_RDONLY, 0, out var fd) != 0) return [];
        using (fd)
        {
            using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd.DangerousGetHandle(), ownsHandle: false), FileAccess.Read);
            using var reader = new StreamReader(stream);
            var lines = new List<string>();
            while (reader.ReadLine() is { } l) lines.Add(l);
            return lines;
        }
    }
}
