namespace Berth.Runtime.Spec;

/// <summary>An OCI mount's "options" turned into what the kernel calls take.</summary>
public sealed class MountOptions
{
    /// <summary>MS_* flags for mount(2) (MS_BIND, MS_REC, MS_RDONLY...).</summary>
    public ulong Flags { get; set; }
    /// <summary>MS_* flags the options explicitly clear ("rw", "suid"...), which matter on remount.</summary>
    public ulong ClearedFlags { get; set; }
    /// <summary>Propagation changes (MS_SHARED, MS_SLAVE, MS_PRIVATE, MS_UNBINDABLE, each maybe with MS_REC), in order.</summary>
    public List<ulong> Propagation { get; } = new();
    /// <summary>Recursive attributes ("rro", "rnosuid"...): MOUNT_ATTR_* to set and clear with mount_setattr(AT_RECURSIVE).</summary>
    public ulong RecursiveSet { get; set; }
    public ulong RecursiveClear { get; set; }
    /// <summary>File-system specific options ("mode=755", "size=65536k"), comma-joined.</summary>
    public string? Data { get; set; }
    /// <summary>runc's "tmpcopyup": copy the directory's previous content into the new tmpfs.</summary>
    public bool CopyUp { get; set; }

    public bool IsBind => (Flags & Berth.Runtime.Spec.MountFlags.MS_BIND) != 0;
    public bool IsRecursiveBind => IsBind && (Flags & MountFlags.MS_REC) != 0;
}
