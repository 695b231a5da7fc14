using System.Globalization;
using Berth.Linux;

namespace Berth.Build.Copying;

/// <summary>
/// COPY --chown as the classic builder reads it: "user[:group]" by name or number, names looked up in the image's
/// /etc/passwd and /etc/group; with only a user, the group is looked up under the same name (or the same number).
/// </summary>
public static class Ownership
{
    public static (uint Uid, uint Gid) Resolve(string spec, RootDirectory? root)
    {
        string userPart = spec, groupPart = spec;
        int colon = spec.IndexOf(':');
        if (colon >= 0)
        {
            userPart = spec[..colon];
            groupPart = spec[(colon + 1)..];
        }
        if (userPart.Length == 0) throw BuildException.Invalid($"invalid chown string format: {spec}");
        uint uid = Lookup(userPart, root, "/etc/passwd", 2, "user", spec);
        uint gid = groupPart.Length == 0 ? uid : Lookup(groupPart, root, "/etc/group", 2, "group", spec);
        return (uid, gid);
    }

    private static uint Lookup(string name, RootDirectory? root, string file, int idField, string what, string spec)
    {
        if (uint.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out uint id)) return id;
        foreach (var line in ReadLines(root, file))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var f = line.Split(':');
            if (f.Length > idField && f[0] == name && uint.TryParse(f[idField], NumberStyles.None, CultureInfo.InvariantCulture, out uint v)) return v;
        }
        throw BuildException.Invalid($"unable to convert uid/gid chown string to host mapping: can't find {(what == "user" ? "uid" : "gid")} for {what} {name}: no such {what} in {file}");
    }

    private static IEnumerable<string> ReadLines(RootDirectory? root, string file)
    {
        if (root is null || root.TryOpen(file, Berth.Linux.Fs.FsCalls.O_RDONLY, 0, out var fd) != 0) return [];
        using (fd)
        {
            using var fs = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd.DangerousGetHandle(), ownsHandle: false), FileAccess.Read);
            using var reader = new StreamReader(fs);
            var lines = new List<string>();
            while (reader.ReadLine() is { } l) lines.Add(l);
            return lines;
        }
    }
}
