using Berth.Linux.Seccomp;

namespace Berth.Runtime.Seccomp;

/// <summary>
/// A filter compiled ahead of time (e.g. before capabilities are dropped or the rootfs is pivoted), loaded later
/// with <see cref="Load"/> on the thread that will call execve.
/// </summary>
public sealed class PreparedSeccompFilter
{
    internal PreparedSeccompFilter(SeccompProgram program) => Program = program;

    public SeccompProgram Program { get; }

    /// <summary>
    /// Installs the filter on the calling thread. Needs no_new_privs (<see cref="NoNewPrivileges.Set"/>) or
    /// CAP_SYS_ADMIN: when the container keeps no_new_privs off, call this before dropping capabilities.
    /// </summary>
    public void Load() => SeccompLoader.Load(Program.AsSpan(), Program.Flags)?.Dispose();
}
