using Berth.Oci.Runtime;

namespace Berth.Engine.Containers;

/// <summary>
/// --init: Berth's own PID 1 (berth-shim in "reaper" mode) that forwards signals to the program and reaps zombies.
/// berth-shim is a native-AOT executable linked against glibc, which an image may not have, so the daemon keeps a
/// directory with the shim and the three libraries it needs (ld-linux, libc, libm), mounts it read-only at
/// /dev/.berth-init (on the container's own /dev tmpfs, so the image is untouched) and starts the shim through the
/// dynamic loader with an explicit library path.
/// </summary>
public static class InitProgram
{
    public const string MountPoint = "/dev/.berth-init";
    private const string Loader = "ld-linux-x86-64.so.2";

    public static List<string> Args =>
        [$"{MountPoint}/{Loader}", "--library-path", MountPoint, $"{MountPoint}/berth-shim", "reaper", "--"];

    public static string Directory(string execRoot) => Path.Combine(execRoot, "init");

    public static RuntimeMount Mount(string execRoot) => new()
    {
        Destination = MountPoint, Type = "bind", Source = Directory(execRoot), Options = ["rbind", "ro", "rprivate"],
    };

    /// <summary>Copies the shim and its libraries into &lt;exec-root&gt;/init (at daemon start).</summary>
    public static void Install(string execRoot, string shimPath)
    {
        string dir = Directory(execRoot);
        System.IO.Directory.CreateDirectory(dir);
        CopyIfChanged(shimPath, Path.Combine(dir, "berth-shim"));
        foreach (var (name, candidates) in new[]
        {
            (Loader, new[] { "/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" }),
            ("libc.so.6", new[] { "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/libc.so.6", "/usr/lib64/libc.so.6" }),
            ("libm.so.6", new[] { "/lib/x86_64-linux-gnu/libm.so.6", "/lib64/libm.so.6", "/usr/lib64/libm.so.6" }),
        })
        {
            string? source = candidates.FirstOrDefault(File.Exists);
            if (source is not null) CopyIfChanged(source, Path.Combine(dir, name));
        }
    }

    private static void CopyIfChanged(string source, string target)
    {
        var s = new FileInfo(source);
        var t = new FileInfo(target);
        if (t.Exists && t.Length == s.Length && t.LastWriteTimeUtc >= s.LastWriteTimeUtc) return;
        string tmp = target + ".tmp";
        File.Copy(source, tmp, overwrite: true);
        File.SetUnixFileMode(tmp, (UnixFileMode)0x1ED);
        File.Move(tmp, target, overwrite: true);
    }
}
