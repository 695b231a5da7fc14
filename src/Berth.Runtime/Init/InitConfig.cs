using Berth.Oci.Runtime;

namespace Berth.Runtime.Init;

/// <summary>The instructions the runtime sends its init process (first message on the init socket).</summary>
internal sealed class InitConfig
{
    /// <summary>"create": set up a new container from the spec (sent next, raw); "exec": join one and run <see cref="Process"/>.</summary>
    public string Mode { get; set; } = "create";
    public string Id { get; set; } = "";
    public string Bundle { get; set; } = "";
    /// <summary>The canonical host path of the root filesystem.</summary>
    public string Rootfs { get; set; } = "";
    /// <summary>The container's state directory (for the exec fifo).</summary>
    public string? StateDir { get; set; }
    /// <summary>Wait on &lt;StateDir&gt;/exec.fifo (create); otherwise wait for a Start message (run).</summary>
    public bool UseExecFifo { get; set; }
    public bool NoPivot { get; set; }
    public bool NoNewKeyring { get; set; }
    /// <summary>The descriptor (in the init) of a connected console socket, or -1.</summary>
    public int ConsoleSocketFd { get; set; } = -1;
    /// <summary>Exec: the descriptor (in the init) of the container's mount namespace.</summary>
    public int MountNamespaceFd { get; set; } = -1;
    /// <summary>Descriptors from this number on belong to the runtime and are closed before the program runs.</summary>
    public int FirstRuntimeFd { get; set; } = 3;
    /// <summary>Exec into a chroot'ed (--no-pivot) container: the descriptor of the container init's root, or -1.</summary>
    public int RootFd { get; set; } = -1;
    /// <summary>The init creates the cgroup namespace itself, once it is inside the container's cgroup.</summary>
    public bool NewCgroupNamespace { get; set; }
    /// <summary>Prestart or createRuntime hooks exist: ask the runtime to run them before pivot_root.</summary>
    public bool HasRuntimeHooks { get; set; }
    /// <summary>Exec: the process to run.</summary>
    public RuntimeProcess? Process { get; set; }
    /// <summary>Exec: the container's seccomp profile.</summary>
    public LinuxSeccomp? Seccomp { get; set; }
}
