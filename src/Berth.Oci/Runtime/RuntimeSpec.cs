using System.Text.Json.Serialization;

namespace Berth.Oci.Runtime;

/// <summary>The bundle's <c>config.json</c> (OCI runtime spec, config.md and config-linux.md).</summary>
public sealed class RuntimeSpec
{
    public string OciVersion { get; set; } = "1.2.0";
    public RuntimeProcess? Process { get; set; }
    public RuntimeRoot? Root { get; set; }
    public string? Hostname { get; set; }
    public string? Domainname { get; set; }
    public List<RuntimeMount>? Mounts { get; set; }
    public RuntimeHooks? Hooks { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
    public RuntimeLinux? Linux { get; set; }
}

public sealed class RuntimeRoot
{
    public string Path { get; set; } = "";
    public bool Readonly { get; set; }
}

public sealed class RuntimeMount
{
    public string Destination { get; set; } = "";
    public string? Type { get; set; }
    public string? Source { get; set; }
    public List<string>? Options { get; set; }
    public List<IdMapping>? UidMappings { get; set; }
    public List<IdMapping>? GidMappings { get; set; }
}

public sealed class IdMapping
{
    public uint ContainerID { get; set; }
    public uint HostID { get; set; }
    public uint Size { get; set; }
}

public sealed class RuntimeHooks
{
    public List<RuntimeHook>? Prestart { get; set; }
    public List<RuntimeHook>? CreateRuntime { get; set; }
    public List<RuntimeHook>? CreateContainer { get; set; }
    public List<RuntimeHook>? StartContainer { get; set; }
    public List<RuntimeHook>? Poststart { get; set; }
    public List<RuntimeHook>? Poststop { get; set; }
}

public sealed class RuntimeHook
{
    public string Path { get; set; } = "";
    public List<string>? Args { get; set; }
    public List<string>? Env { get; set; }
    /// <summary>Seconds; null means no timeout.</summary>
    public int? Timeout { get; set; }
}
