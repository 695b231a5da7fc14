namespace Berth.Runtime.Seccomp;

/// <summary>An OCI seccomp section that cannot be compiled; the message names the field.</summary>
public sealed class SeccompSpecException(string field, string problem) : Exception($"{field}: {problem}")
{
    /// <summary>The JSON path of the offending field, e.g. "linux.seccomp.syscalls[3].action".</summary>
    public string Field { get; } = field;
}
