using Berth.Oci.Runtime;

namespace Berth.Runtime.Seccomp;

/// <summary>
/// The seam where the container's seccomp filter is loaded. Called on the init's main thread: right before execve
/// when noNewPrivileges is set, otherwise before capabilities are dropped (loading then needs CAP_SYS_ADMIN).
/// The seccomp compiler (another branch) replaces this body: it must load the filter on the calling thread.
/// </summary>
public static class SeccompSetup
{
    public static void Apply(LinuxSeccomp? spec)
    {
        if (spec is null) return;
        throw new NotSupportedException("seccomp not merged yet");
    }
}
