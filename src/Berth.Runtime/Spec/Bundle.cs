using System.Text.Json;
using Berth.Linux;
using Berth.Linux.Descriptors;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Spec;

/// <summary>An OCI bundle as read once at create: its directory, config.json (bytes and parsed) and canonical rootfs.</summary>
public sealed class Bundle
{
    public string Directory { get; }
    public byte[] ConfigJson { get; }
    public RuntimeSpec Spec { get; }
    /// <summary>The root filesystem's host path with symlinks resolved; empty until <see cref="ResolveRootfs"/>.</summary>
    public string Rootfs { get; private set; } = "";

    private Bundle(string directory, byte[] configJson, RuntimeSpec spec)
    {
        Directory = directory;
        ConfigJson = configJson;
        Spec = spec;
    }

    public static Bundle Load(string? bundleDir)
    {
        var (dir, bytes) = Read(bundleDir);
        return Parse(dir, bytes);
    }

    /// <summary>The bundle's absolute directory and its config.json, unparsed.</summary>
    public static (string Directory, byte[] ConfigJson) Read(string? bundleDir)
    {
        string dir = Path.GetFullPath(string.IsNullOrEmpty(bundleDir) ? Environment.CurrentDirectory : bundleDir);
        string file = Path.Combine(dir, "config.json");
        try { return (dir, File.ReadAllBytes(file)); }
        catch (FileNotFoundException) { throw RuntimeException.Invalid($"bundle: no config.json in {dir}"); }
        catch (DirectoryNotFoundException) { throw RuntimeException.Invalid($"bundle: no such directory: {dir}"); }
    }

    public static Bundle Parse(string dir, byte[] configJson)
    {
        RuntimeSpec? spec;
        try { spec = JsonSerializer.Deserialize(configJson, RuntimeJsonContext.Default.RuntimeSpec); }
        catch (JsonException e)
        {
            string where = e.Path is { Length: > 0 } p ? $" at {p.TrimStart('$', '.')}" : "";
            throw RuntimeException.Invalid($"config.json: invalid{where}: {FirstLine(e.Message)}");
        }
        return new Bundle(dir, configJson, spec ?? throw RuntimeException.Invalid("config.json: empty"));
    }

    /// <summary>Finds root.path (relative to the bundle) and resolves its symlinks.</summary>
    public void ResolveRootfs()
    {
        string path = Spec.Root?.Path ?? "";
        if (path.Length == 0) throw RuntimeException.Invalid("root.path: missing");
        string full = Path.IsPathRooted(path) ? path : Path.Combine(Directory, path);
        try
        {
            using var fd = FileDescriptors.Open(full, OpenFlags.O_PATH | OpenFlags.O_DIRECTORY);
            Rootfs = new FileInfo("/proc/self/fd/" + fd.Fd).LinkTarget ?? full;
        }
        catch (SyscallException e)
        {
            throw RuntimeException.Invalid($"root.path: {full}: {Errnos.Describe(e.Errno)}");
        }
    }

    private static string FirstLine(string s)
    {
        int i = s.IndexOfAny(['\n', '.']);
        return i > 0 ? s[..i] : s;
    }
}
