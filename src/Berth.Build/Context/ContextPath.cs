namespace Berth.Build.Context;

/// <summary>Paths of COPY sources inside a context or image: leading "/" and "../" dropped, "." and ".." folded.</summary>
public static class ContextPath
{
    /// <summary>"./a/../b/" → "b"; "/x" → "x"; "../../y" → "y"; "." → "".</summary>
    public static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                continue;
            }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }

    /// <summary>The key tarsum stores an entry under (Go: path.Join(".", path.Join("/", name))).</summary>
    public static string SumKey(string tarName)
    {
        string c = Clean(tarName);
        return c.Length == 0 ? "." : c;
    }
}
