namespace Berth.Shim;

/// <summary>Whether the kernel's OOM killer acted in the container's memory cgroup (v1 memory.oom_control, v2 memory.events).</summary>
internal static class OomCheck
{
    public static bool WasOomKilled(string? cgroupPath)
    {
        if (string.IsNullOrEmpty(cgroupPath)) return false;
        string rel = cgroupPath.Trim('/');
        foreach (var (file, key) in new[]
        {
            ($"/sys/fs/cgroup/memory/{rel}/memory.oom_control", "oom_kill "),
            ($"/sys/fs/cgroup/{rel}/memory.events", "oom_kill "),
        })
        {
            try
            {
                foreach (var line in File.ReadLines(file))
                    if (line.StartsWith(key, StringComparison.Ordinal) && long.TryParse(line[key.Length..], out long n) && n > 0) return true;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return false;
    }
}
