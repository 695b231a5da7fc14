namespace Berth.Linux.Cgroups;

/// <summary>Device access bits, valued as the kernel's BPF_DEVCG_ACC_* flags.</summary>
[Flags]
public enum DeviceAccess
{
    None = 0,
    /// <summary>BPF_DEVCG_ACC_MKNOD.</summary>
    Mknod = 1,
    /// <summary>BPF_DEVCG_ACC_READ.</summary>
    Read = 2,
    /// <summary>BPF_DEVCG_ACC_WRITE.</summary>
    Write = 4,
    All = Mknod | Read | Write,
}
