using Berth.Linux.Interop;

namespace Berth.Linux.Namespaces;

/// <summary>
/// Creating and joining namespaces for the calling thread. unshare and setns act on the thread that calls them,
/// so callers use a dedicated OS thread (see DESIGN.md, "The kernel boundary").
/// </summary>
public static class Namespace
{
    /// <summary>unshare(2) with the given CLONE_* flags.</summary>
    public static void Unshare(int cloneFlags)
    {
        if (Libc.unshare(cloneFlags) != 0) throw SyscallException.FromLastError("unshare");
    }

    /// <summary>unshare(CLONE_FS): the thread gets its own root, cwd and umask (needed before joining a mount namespace).</summary>
    public static void UnshareFileSystem() => Unshare(Libc.CLONE_FS);

    /// <summary>Opens a namespace file (/proc/&lt;pid&gt;/ns/&lt;type&gt; or a bind-mounted one) for <see cref="Join"/>.</summary>
    public static SafeFd Open(string path) => FileDescriptors.Open(path, Libc.O_RDONLY);

    /// <summary>setns(2): the calling thread enters the namespace (for pid and time: its future children do).</summary>
    public static void Join(SafeFd ns, NamespaceType type, string? pathForMessages = null)
    {
        if (Libc.setns(ns.Fd, type.CloneFlag()) != 0) throw SyscallException.FromLastError("setns", pathForMessages);
    }

    public static void Join(string path, NamespaceType type)
    {
        using var fd = Open(path);
        Join(fd, type, path);
    }

    /// <summary>The namespace identity ("net:[4026531840]") of a process, or null when it cannot be read.</summary>
    public static string? Identity(int pid, NamespaceType type)
    {
        try { return new FileInfo($"/proc/{pid}/ns/{type.ProcName()}").LinkTarget; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
