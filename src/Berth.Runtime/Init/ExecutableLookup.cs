namespace Berth.Runtime.Init;

/// <summary>Finds the program to exec as execvp would, in the container's file system and PATH.</summary>
internal static class ExecutableLookup
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static string Find(string name, IReadOnlyList<string> env)
    {
        if (name.Length == 0) throw RuntimeException.Invalid("process.args: the program name is empty");
        if (name.Contains('/'))
        {
            string? problem = Check(name);
            if (problem is not null) throw RuntimeException.Invalid($"exec: \"{name}\": {problem}");
            return name;
        }
        string path = DefaultPath;
        foreach (var e in env)
            if (e.StartsWith("PATH=", StringComparison.Ordinal)) path = e[5..];
        foreach (var dir in path.Split(':'))
        {
            string candidate = Path.Combine(dir.Length == 0 ? "." : dir, name);
            if (Check(candidate) is null) return candidate;
        }
        throw RuntimeException.Invalid($"exec: \"{name}\": executable file not found in $PATH");
    }

    private static string? Check(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return Directory.Exists(path) ? "is a directory" : "no such file or directory";
            var mode = info.LinkTarget is null ? info.UnixFileMode : File.GetUnixFileMode(info.ResolveLinkTarget(true)?.FullName ?? path);
            const UnixFileMode anyExec = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            return (mode & anyExec) == 0 ? "permission denied" : null;
        }
        catch (IOException) { return "no such file or directory"; }
        catch (UnauthorizedAccessException) { return "permission denied"; }
    }
}
