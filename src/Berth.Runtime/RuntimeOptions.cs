namespace Berth.Runtime;

/// <summary>Settings of a <see cref="LinuxRuntime"/>.</summary>
public sealed class RuntimeOptions
{
    /// <summary>Directory holding one state directory per container (runc's --root).</summary>
    public string Root { get; init; } = "/run/berth-runtime";

    public IRuntimeLog Log { get; init; } = NullRuntimeLog.Instance;

    /// <summary>
    /// The executable spawned as the container's init (argv: [exe, "init", fd]); its Main must hand such calls to
    /// <see cref="ContainerInit.Main"/>. Default: the current executable (/proc/self/exe).
    /// </summary>
    public string InitExecutable { get; init; } = "/proc/self/exe";
}
