using System.Runtime.InteropServices;

namespace Berth.Engine.HostInfo;

/// <summary>Facts about the host that /info and /version report, read once.</summary>
public sealed class HostFacts
{
    public string KernelVersion { get; } = ReadTrim("/proc/sys/kernel/osrelease");
    public string Hostname { get; } = ReadTrim("/proc/sys/kernel/hostname");
    public string OperatingSystem { get; } = OsRelease("PRETTY_NAME") ?? "Linux";
    public string OsVersion { get; } = OsRelease("VERSION_ID") ?? "";
    public int Cpus { get; } = Environment.ProcessorCount;
    public long MemTotal { get; } = MemTotalBytes();
    public string Architecture { get; } = RuntimeInformation.OSArchitecture switch
    {
        global::System.Runtime.InteropServices.Architecture.X64 => "x86_64",
        global::System.Runtime.InteropServices.Architecture.Arm64 => "aarch64",
        var a => a.ToString().ToLowerInvariant(),
    };
    /// <summary>GOARCH-style name used in image platforms.</summary>
    public string GoArch { get; } = RuntimeInformation.OSArchitecture switch
    {
        global::System.Runtime.InteropServices.Architecture.X64 => "amd64",
        global::System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        global::System.Runtime.InteropServices.Architecture.X86 => "386",
        global::System.Runtime.InteropServices.Architecture.Arm => "arm",
        var a => a.ToString().ToLowerInvariant(),
    };

    private static string ReadTrim(string path)
    {
        try { return File.ReadAllText(path).Trim(); } catch { return ""; }
    }

    private static string? OsRelease(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/etc/os-release"))
                if (line.StartsWith(key + "=", StringComparison.Ordinal)) return line[(key.Length + 1)..].Trim('"');
        }
        catch { }
        return null;
    }

    private static long MemTotalBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch { }
        return 0;
    }
}
