using Berth.Oci.Runtime;

namespace Berth.Runtime.Seccomp;

/// <summary>One entry of a Docker (moby) seccomp profile: an OCI syscall rule plus the conditions it applies under.</summary>
public sealed class DockerSeccompSyscall
{
    /// <summary>Old single-name form; a profile uses either this or <see cref="Names"/>.</summary>
    public string? Name { get; set; }
    public List<string>? Names { get; set; }
    public string Action { get; set; } = "";
    public uint? ErrnoRet { get; set; }
    public List<LinuxSeccompArg>? Args { get; set; }
    public string? Comment { get; set; }
    /// <summary>The rule applies only if all of these hold.</summary>
    public DockerSeccompFilter? Includes { get; set; }
    /// <summary>The rule is dropped if any of these holds.</summary>
    public DockerSeccompFilter? Excludes { get; set; }
}

/// <summary>Conditions on the container and host: capabilities in the bounding set, Go architecture names, kernel version.</summary>
public sealed class DockerSeccompFilter
{
    public List<string>? Caps { get; set; }
    /// <summary>Go architecture names: amd64, x32, x86, arm64, arm, s390x...</summary>
    public List<string>? Arches { get; set; }
    /// <summary>"major.minor".</summary>
    public string? MinKernel { get; set; }
}

/// <summary>A native architecture and the ones its kernel also runs (SCMP_ARCH_X86_64: X86, X32).</summary>
public sealed class DockerSeccompArchMap
{
    public string Architecture { get; set; } = "";
    public List<string>? SubArchitectures { get; set; }
}
