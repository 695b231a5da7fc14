namespace Berth.Engine.Archive;

/// <summary>
/// Docker's lexical rules for the path of docker cp (Go's filepath.Clean/Join/Base and moby's
/// PreserveTrailingDotOrSeparator): "/a/../b" is "/b", and a trailing "/" or "/." is kept because it means
/// "the directory itself, following a symlink" or "the directory's contents". Nothing here touches the filesystem.
/// </summary>
public static class ContainerPath
{
    /// <summary>Go's path.Clean of an absolute path: "/", or "/a/b" without ".", "..", or doubled or trailing slashes.</summary>
    public static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    /// <summary>filepath.Join("/", path) with the original's trailing "/." or "/" kept (moby's PreserveTrailingDotOrSeparator).</summary>
    public static string Absolute(string path)
    {
        string cleaned = Clean("/" + path);
        if (Base(cleaned) != "." && Base(path) == ".")
        {
            if (!cleaned.EndsWith('/')) cleaned += "/";
            cleaned += ".";
        }
        if (!cleaned.EndsWith('/') && path.EndsWith('/')) cleaned += "/";
        return cleaned;
    }

    /// <summary>Go's filepath.Base: the last element after trailing slashes are removed; "/" for the root, "." for "".</summary>
    public static string Base(string path)
    {
        if (path.Length == 0) return ".";
        string trimmed = path.TrimEnd('/');
        if (trimmed.Length == 0) return "/";
        int slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }

    /// <summary>Whether the last element must be followed and be a directory ("/x/", "/x/.", "/").</summary>
    public static bool FollowsLast(string absolute) => absolute.EndsWith('/') || absolute.EndsWith("/.", StringComparison.Ordinal);

    /// <summary>The cleaned path without the trailing "/." or "/" marker.</summary>
    public static string WithoutMarker(string absolute) => Clean(absolute);

    /// <summary>("/a", "b") for "/a/b"; ("/", "b") for "/b"; ("/", "") for "/".</summary>
    public static (string Dir, string Name) Split(string cleaned)
    {
        if (cleaned == "/") return ("/", "");
        int slash = cleaned.LastIndexOf('/');
        return (slash == 0 ? "/" : cleaned[..slash], cleaned[(slash + 1)..]);
    }
}
