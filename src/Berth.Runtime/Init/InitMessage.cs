namespace Berth.Runtime.Init;

/// <summary>Message types on the socket between the runtime and its init.</summary>
internal enum InitMessage : byte
{
    /// <summary>runtime → init: <see cref="InitConfig"/> JSON.</summary>
    Config = 1,
    /// <summary>runtime → init: the bundle's config.json, as read.</summary>
    Spec = 2,
    /// <summary>init → runtime: setup failed; UTF-8 message.</summary>
    Error = 3,
    /// <summary>init → runtime: namespaces and mounts exist, before pivot_root: run prestart/createRuntime hooks.</summary>
    RunHooks = 4,
    /// <summary>runtime → init: hooks done.</summary>
    HooksDone = 5,
    /// <summary>init → runtime: set up; waiting to be started.</summary>
    Ready = 6,
    /// <summary>runtime → init: run the program (when there is no exec fifo).</summary>
    Start = 7,
    /// <summary>runtime → init: the init is in the container's cgroup (it may now create its cgroup namespace).</summary>
    Placed = 8,
}
