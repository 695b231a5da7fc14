using System.Runtime.ExceptionServices;
using Berth.Linux.Interop;
using Berth.Linux.Netlink;

namespace Berth.Linux.Namespaces;

/// <summary>
/// A network namespace kept alive by a file: the namespace's nsfs inode bind-mounted onto it (as <c>ip netns</c>
/// does), so it outlives every process in it and can be joined by path. Work inside it runs on a dedicated thread
/// that enters it with <c>setns</c> and then ends, so no other thread of the process ever changes namespace.
/// Sockets (netlink, UDP, TCP) opened on that thread stay in the namespace for their whole life.
/// </summary>
public sealed unsafe class NetworkNamespace : IDisposable
{
    public string Path { get; }

    /// <summary>The open namespace file (for <c>setns</c> or IFLA_NET_NS_FD).</summary>
    public SafeFd Handle { get; }

    private NetworkNamespace(string path, SafeFd handle)
    {
        Path = path;
        Handle = handle;
    }

    /// <summary>Creates a new, empty network namespace (only a down <c>lo</c>) pinned at <paramref name="path"/>.</summary>
    public static NetworkNamespace Create(string path)
    {
        // The mount point must be a file; O_EXCL makes two creators of one path fail instead of stacking mounts.
        using (FileDescriptors.Open(path, Libc.O_RDONLY | Libc.O_CREAT | Libc.O_EXCL, 0)) { }
        try
        {
            RunOnThread(() =>
            {
                if (Libc.unshare(Libc.CLONE_NEWNET) != 0) throw SyscallException.FromLastError("unshare(CLONE_NEWNET)");
                if (Libc.mount("/proc/thread-self/ns/net", path, null, Libc.MS_BIND, null) != 0)
                    throw SyscallException.FromLastError("mount(bind netns)", path);
                return 0;
            });
            return Open(path);
        }
        catch
        {
            Libc.umount2(path, Libc.MNT_DETACH);
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Opens a network namespace by path: a pinned file, or <c>/proc/PID/ns/net</c>.</summary>
    public static NetworkNamespace Open(string path)
    {
        var fd = FileDescriptors.Open(path, Libc.O_RDONLY);
        if (!IsNamespaceFile(fd))
        {
            fd.Dispose();
            throw new SyscallException(Errnos.EINVAL, "open netns", path);
        }
        return new NetworkNamespace(path, fd);
    }

    /// <summary>True when <paramref name="path"/> is a live namespace file (not a leftover empty mount point).</summary>
    public static bool Exists(string path)
    {
        try
        {
            using var fd = FileDescriptors.Open(path, Libc.O_RDONLY);
            return IsNamespaceFile(fd);
        }
        catch (SyscallException)
        {
            return false;
        }
    }

    /// <summary>Unpins and removes a namespace file; the namespace dies with its last process and reference.</summary>
    public static void Delete(string path)
    {
        if (Libc.umount2(path, Libc.MNT_DETACH) != 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != Errnos.EINVAL && errno != Errnos.ENOENT) throw new SyscallException(errno, "umount2", path);
        }
        try { File.Delete(path); } catch (DirectoryNotFoundException) { }
    }

    /// <summary>
    /// Makes <paramref name="dir"/> a shared mount point (a bind mount of itself if needed), as iproute2 does for
    /// /run/netns: namespace files pinned there are then unpinned in mount namespaces created later too, instead of
    /// being kept alive by their private copies.
    /// </summary>
    public static void MakeSharedDirectory(string dir)
    {
        Directory.CreateDirectory(dir);
        if (Libc.mount("none", dir, null, Libc.MS_SHARED | Libc.MS_REC, null) == 0) return;
        int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        if (errno != Errnos.EINVAL) throw new SyscallException(errno, "mount(make-shared)", dir);
        if (Libc.mount(dir, dir, null, Libc.MS_BIND | Libc.MS_REC, null) != 0) throw SyscallException.FromLastError("mount(bind)", dir);
        if (Libc.mount("none", dir, null, Libc.MS_SHARED | Libc.MS_REC, null) != 0) throw SyscallException.FromLastError("mount(make-shared)", dir);
    }

    /// <summary>Runs <paramref name="action"/> on a fresh thread that has joined this namespace; returns its result.</summary>
    public T Run<T>(Func<T> action)
    {
        int fd = Handle.Fd;
        bool added = false;
        Handle.DangerousAddRef(ref added);
        try
        {
            return RunOnThread(() =>
            {
                if (Libc.setns(fd, Libc.CLONE_NEWNET) != 0) throw SyscallException.FromLastError("setns(CLONE_NEWNET)", Path);
                return action();
            });
        }
        finally
        {
            if (added) Handle.DangerousRelease();
        }
    }

    /// <summary>An rtnetlink socket inside this namespace, usable from any thread.</summary>
    public RouteNetlink OpenRouteNetlink() => Run(RouteNetlink.Open);

    private static T RunOnThread<T>(Func<T> action)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try { result = action(); }
            catch (Exception e) { failure = ExceptionDispatchInfo.Capture(e); }
        }, 256 * 1024) { IsBackground = true, Name = "berth-netns" };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    private static bool IsNamespaceFile(SafeFd fd)
    {
        byte* buf = stackalloc byte[128];
        if (Libc.fstatfs(fd.Fd, buf) != 0) return false;
        return *(long*)buf == Libc.NSFS_MAGIC;
    }

    public void Dispose() => Handle.Dispose();
}
