using Berth.Oci.Runtime;

namespace Berth.Runtime.Seccomp;

/// <summary>The runtime's entry points for a container's seccomp section.</summary>
public static class SeccompSetup
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LinuxSeccomp, SeccompProgram> Compiled = new();

    /// <summary>Compiles (or takes from this process's cache) and loads the filter on the calling thread; null: nothing.</summary>
    public static void Apply(LinuxSeccomp? spec) => Prepare(spec)?.Load();

    /// <summary>
    /// Compiles now, to load later; null when there is no seccomp section. The same spec object compiles once
    /// (a container's init compiles one spec once, so it pays no hashing; long-lived processes that build specs
    /// anew can use <see cref="SeccompCompiler.CompileCached"/>, keyed by content).
    /// </summary>
    /// <exception cref="SeccompSpecException">the section is invalid</exception>
    /// <exception cref="NotSupportedException">it uses SCMP_ACT_NOTIFY (seccomp user notification)</exception>
    public static PreparedSeccompFilter? Prepare(LinuxSeccomp? spec)
    {
        if (spec is null) return null;
        var program = Compiled.GetValue(spec, SeccompCompiler.Compile);
        if (program.UsesNotify)
            throw new NotSupportedException("linux.seccomp: SCMP_ACT_NOTIFY (seccomp user notification, listenerPath) is not supported");
        return new PreparedSeccompFilter(program);
    }
}
