using System.Text.Json;
using Berth.Oci.Runtime;

namespace Berth.Runtime.Seccomp;

/// <summary>
/// A seccomp profile in Docker's (moby's) format: the OCI fields plus <c>archMap</c> and per-rule
/// <c>includes</c>/<c>excludes</c> by capability, architecture and kernel version. <see cref="ToOci"/> turns it into
/// the OCI <see cref="LinuxSeccomp"/> for one container, as moby's daemon does when it builds a config.json.
/// </summary>
public sealed class DockerSeccompProfile
{
    public string DefaultAction { get; set; } = "";
    public uint? DefaultErrnoRet { get; set; }
    /// <summary>Explicit architectures; a profile has this or <see cref="ArchMap"/>, not both.</summary>
    public List<string>? Architectures { get; set; }
    public List<DockerSeccompArchMap>? ArchMap { get; set; }
    public List<string>? Flags { get; set; }
    public string? ListenerPath { get; set; }
    public string? ListenerMetadata { get; set; }
    public List<DockerSeccompSyscall>? Syscalls { get; set; }

    private static DockerSeccompProfile? _default;

    /// <summary>Docker's default profile (moby profiles/seccomp/default.json), parsed once.</summary>
    public static DockerSeccompProfile Default => _default ??= Parse(DockerDefaultSeccompJson.Utf8);

    public static DockerSeccompProfile Parse(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, DockerSeccompJsonContext.Default.DockerSeccompProfile)
        ?? throw new FormatException("seccomp profile: empty document");

    public static DockerSeccompProfile Parse(string json) =>
        JsonSerializer.Deserialize(json, DockerSeccompJsonContext.Default.DockerSeccompProfile)
        ?? throw new FormatException("seccomp profile: empty document");

    /// <summary>
    /// The OCI seccomp section for a container whose bounding set is <paramref name="boundingCapabilities"/>
    /// ("CAP_SYS_ADMIN"...), on Go architecture <paramref name="goArch"/> ("amd64") and a kernel of
    /// <paramref name="kernel"/> (default: this host's). Null when the profile is empty (no default action and no
    /// rules: seccomp disabled).
    /// </summary>
    public LinuxSeccomp? ToOci(IEnumerable<string> boundingCapabilities, string goArch = "amd64", Version? kernel = null)
    {
        if (string.IsNullOrEmpty(DefaultAction) && (Syscalls is null || Syscalls.Count == 0)) return null;
        if (Architectures is { Count: > 0 } && ArchMap is { Count: > 0 })
            throw new FormatException("seccomp profile: both architectures and archMap are set");
        var caps = new HashSet<string>(boundingCapabilities, StringComparer.Ordinal);
        kernel ??= HostKernel();
        string nativeArch = SeccompArchOf(goArch);

        var result = new LinuxSeccomp
        {
            DefaultAction = DefaultAction,
            DefaultErrnoRet = DefaultErrnoRet,
            ListenerPath = ListenerPath,
            ListenerMetadata = ListenerMetadata,
            Flags = Flags is { Count: > 0 } ? new List<string>(Flags) : null,
            Architectures = Architectures is { Count: > 0 } ? new List<string>(Architectures) : null,
            Syscalls = new List<LinuxSyscall>(),
        };
        foreach (var map in ArchMap ?? [])
        {
            if (map.Architecture != nativeArch) continue;
            result.Architectures ??= new List<string>();
            result.Architectures.Add(map.Architecture);
            result.Architectures.AddRange(map.SubArchitectures ?? []);
        }

        for (int i = 0; i < (Syscalls?.Count ?? 0); i++)
        {
            var call = Syscalls![i];
            var names = new List<string>(call.Names ?? []);
            if (!string.IsNullOrEmpty(call.Name))
            {
                if (names.Count > 0) throw new FormatException($"seccomp profile: syscalls[{i}] has both name and names");
                names.Add(call.Name);
            }
            if (!Applies(call, caps, goArch, kernel)) continue;
            result.Syscalls.Add(new LinuxSyscall
            {
                Names = names,
                Action = call.Action,
                ErrnoRet = call.ErrnoRet,
                Args = call.Args is { Count: > 0 } ? call.Args.Select(a => new LinuxSeccompArg { Index = a.Index, Value = a.Value, ValueTwo = a.ValueTwo, Op = a.Op }).ToList() : null,
            });
        }
        return result;
    }

    private static bool Applies(DockerSeccompSyscall call, HashSet<string> caps, string goArch, Version kernel)
    {
        var ex = call.Excludes;
        if (ex is not null)
        {
            if (ex.Arches is { Count: > 0 } && ex.Arches.Contains(goArch)) return false;
            if (ex.Caps is { Count: > 0 } && ex.Caps.Any(caps.Contains)) return false;
            if (!string.IsNullOrEmpty(ex.MinKernel) && kernel >= ParseKernel(ex.MinKernel)) return false;
        }
        var inc = call.Includes;
        if (inc is not null)
        {
            if (inc.Arches is { Count: > 0 } && !inc.Arches.Contains(goArch)) return false;
            if (inc.Caps is { Count: > 0 } && !inc.Caps.All(caps.Contains)) return false;
            if (!string.IsNullOrEmpty(inc.MinKernel) && kernel < ParseKernel(inc.MinKernel)) return false;
        }
        return true;
    }

    /// <summary>Go's GOARCH to the libseccomp architecture name moby matches archMap against.</summary>
    public static string SeccompArchOf(string goArch) => goArch switch
    {
        "amd64" => "SCMP_ARCH_X86_64",
        "386" => "SCMP_ARCH_X86",
        "arm64" => "SCMP_ARCH_AARCH64",
        "arm" => "SCMP_ARCH_ARM",
        "mips64" => "SCMP_ARCH_MIPS64",
        "mips64n32" => "SCMP_ARCH_MIPS64N32",
        "mipsel64" or "mips64le" => "SCMP_ARCH_MIPSEL64",
        "mipsel64n32" => "SCMP_ARCH_MIPSEL64N32",
        "ppc64le" => "SCMP_ARCH_PPC64LE",
        "s390x" => "SCMP_ARCH_S390X",
        "riscv64" => "SCMP_ARCH_RISCV64",
        "loong64" => "SCMP_ARCH_LOONGARCH64",
        _ => throw new ArgumentException($"unknown architecture {goArch}", nameof(goArch)),
    };

    private static Version ParseKernel(string text)
    {
        var parts = text.Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[0], out int major) || !int.TryParse(parts[1], out int minor))
            throw new FormatException($"seccomp profile: minKernel {text} is not major.minor");
        return new Version(major, minor);
    }

    /// <summary>major.minor of the running kernel (uname -r).</summary>
    public static Version HostKernel()
    {
        string release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var digits = release.Split('.', '-');
        return digits.Length >= 2 && int.TryParse(digits[0], out int major) && int.TryParse(digits[1], out int minor)
            ? new Version(major, minor)
            : new Version(0, 0);
    }
}
