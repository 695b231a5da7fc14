namespace Berth.Runtime.Seccomp;

/// <summary>The syscall ABIs a filter on an x86_64 kernel can see.</summary>
internal enum SeccompArch { X86_64, X86, X32 }
