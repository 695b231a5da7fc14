using Berth.Linux.Fs;

namespace Berth.Engine.SystemData;

/// <summary>
/// Bytes used below a directory as Docker's disk-usage figures count them: regular files and symlinks by their size,
/// a hard-linked inode once, directories themselves not at all. Symlinks are never followed.
/// </summary>
public static class DirectorySize
{
    /// <summary>The size, or -1 when the directory cannot be read (Docker reports -1 then).</summary>
    public static long Of(string path)
    {
        if (FsCalls.TryStatAt(null, path, FsCalls.AT_SYMLINK_NOFOLLOW, out var top) != 0 || !top.IsDirectory) return -1;
        long total = 0;
        var seen = new HashSet<(ulong, ulong)>();
        var stack = new Stack<string>();
        stack.Push(path);
        while (stack.Count > 0)
        {
            string dir = stack.Pop();
            IEnumerable<string> entries;
            try { entries = Directory.EnumerateFileSystemEntries(dir).ToList(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            foreach (string entry in entries)
            {
                if (FsCalls.TryStatAt(null, entry, FsCalls.AT_SYMLINK_NOFOLLOW, out var st) != 0) continue;
                if (st.IsDirectory)
                {
                    // Never descend into another filesystem mounted below (a volume with driver options).
                    if (st.Device == top.Device) stack.Push(entry);
                    continue;
                }
                if (st.Nlink > 1 && !seen.Add((st.Device, st.Inode))) continue;
                if (st.IsRegular || st.IsSymlink) total += st.Size;
            }
        }
        return total;
    }
}
