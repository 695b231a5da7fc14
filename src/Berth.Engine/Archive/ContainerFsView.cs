using Berth.Engine.Errors;
using Berth.Linux;
using Berth.Linux.Fs;
using Berth.Linux.Mounts;
using Berth.Linux.Namespaces;

namespace Berth.Engine.Archive;

/// <summary>
/// A container's filesystem as its processes see it — rootfs plus volume and bind mounts — held by one descriptor
/// (<see cref="Root"/>) that every path is resolved under with openat2(RESOLVE_IN_ROOT). A running container is reached
/// through /proc/&lt;pid&gt;/root, checked to be the container's own root; a stopped one is mounted in a private mount
/// namespace owned by one dedicated thread, so nothing is mounted in the daemon's namespace and a crash leaves no
/// mount behind. Descriptors work from any thread: lookups below <see cref="Root"/> cross the view's mounts.
/// </summary>
public sealed class ContainerFsView : IDisposable
{
    private const int CLONE_FS = 0x200, CLONE_NEWNS = 0x20000;
    private const ulong MS_REC = 16384, MS_SLAVE = 1 << 19;

    private readonly ManualResetEventSlim? _release;
    private readonly Thread? _holder;

    public RootDirectory Root { get; }

    /// <summary>True when the view is a private mount of a stopped container (not the live one).</summary>
    public bool IsPrivate => _holder is not null;

    private ContainerFsView(RootDirectory root, ManualResetEventSlim? release, Thread? holder)
    {
        Root = root;
        _release = release;
        _holder = holder;
    }

    /// <summary>
    /// The live filesystem of a running container: /proc/&lt;pid&gt;/root, accepted only if it is the same directory as
    /// the container's rootfs mount on the host (a recycled pid would otherwise hand out the host's "/").
    /// </summary>
    public static ContainerFsView OpenRunning(int pid, string hostRootfs)
    {
        if (pid <= 0) throw EngineException.Conflict("the container is not running");
        RootDirectory root;
        try { root = RootDirectory.Open($"/proc/{pid}/root"); }
        catch (SyscallException e) when (e.Errno is Errnos.ENOENT or Errnos.ESRCH)
        {
            throw EngineException.Conflict("the container is not running");
        }
        try
        {
            var seen = FileSystemOf.Stat(root.Handle);
            var expected = FsCalls.StatAt(null, hostRootfs, 0);
            if (seen.Device != expected.Device || seen.Inode != expected.Inode)
                throw EngineException.Conflict("the container's process changed while its filesystem was opened; try again");
            return new ContainerFsView(root, null, null);
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary>A directory of the daemon's own namespace taken as the root (a running container's rootfs mount, for export).</summary>
    public static ContainerFsView OpenDirectory(string hostPath) => new(RootDirectory.Open(hostPath), null, null);

    /// <summary>One mount of a private view: a host path bound on a destination inside the container.</summary>
    public sealed record ViewMount(string Source, string Destination, bool ReadOnly, bool Recursive);

    /// <summary>
    /// Mounts a stopped container's filesystem in a private mount namespace: <paramref name="mountRootfs"/> mounts the
    /// rootfs on <paramref name="mountPoint"/> (inside that namespace), then each bind is attached on its destination,
    /// resolved inside the rootfs by descriptor (created if missing, as Docker does).
    /// </summary>
    public static ContainerFsView OpenPrivate(string mountPoint, Action<string> mountRootfs, IReadOnlyList<ViewMount> mounts)
    {
        // Plain events and fields, no Task: completing a task from the private thread could make it start a
        // thread-pool worker, which would then live in the private namespace.
        using var ready = new ManualResetEventSlim(false);
        var release = new ManualResetEventSlim(false);
        RootDirectory? opened = null;
        Exception? failure = null;
        // A dedicated OS thread: unshare(CLONE_FS|CLONE_NEWNS) affects only it, and it starts nothing else.
        var thread = new Thread(() =>
        {
            RootDirectory? root = null;
            try
            {
                Namespace.Unshare(CLONE_FS | CLONE_NEWNS);
                // Host mount events may still reach this namespace; nothing mounted here goes back.
                MountCalls.Mount(null, "/", null, MS_REC | MS_SLAVE, null);
                Directory.CreateDirectory(mountPoint);
                mountRootfs(mountPoint);
                root = RootDirectory.Open(mountPoint);
                foreach (var m in mounts) AttachBind(root, m);
                opened = root;
            }
            catch (Exception e)
            {
                root?.Dispose();
                failure = e;
            }
            ready.Set();
            if (failure is not null) return;
            // Keep the namespace (and its mounts) alive until the view is disposed; the thread's end frees it all.
            release.Wait();
        }) { IsBackground = true, Name = "container-fs-view" };
        thread.Start();
        ready.Wait();
        if (failure is not null)
        {
            thread.Join();
            release.Dispose();
            if (failure is EngineException) throw failure;
            throw EngineException.Internal($"mounting the container's filesystem: {failure.Message}", failure);
        }
        return new ContainerFsView(opened!, release, thread);
    }

    private static void AttachBind(RootDirectory root, ViewMount m)
    {
        var st = FsCalls.StatAt(null, m.Source, 0);
        using var target = CreateTarget(root, m.Destination, st.IsDirectory);
        using var tree = DetachedMount.Clone(m.Source, m.Recursive);
        DetachedMount.SetReadOnlyPrivate(tree, m.ReadOnly);
        DetachedMount.Attach(tree, target, root.Display(m.Destination));
    }

    /// <summary>The mount point inside the root, made (directories 0755, a file for a file bind) when missing.</summary>
    private static SafeFd CreateTarget(RootDirectory root, string destination, bool directory)
    {
        string clean = ContainerPath.Clean(destination).TrimStart('/');
        if (root.TryOpen(clean, FsCalls.O_PATH, 0, out var existing) == 0) return existing;
        var parts = clean.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string prefix = "";
        for (int i = 0; i < parts.Length; i++)
        {
            bool last = i == parts.Length - 1;
            string next = prefix.Length == 0 ? parts[i] : prefix + "/" + parts[i];
            if (root.TryOpen(next, FsCalls.O_PATH, 0, out var fd) == 0) { fd.Dispose(); prefix = next; continue; }
            using var parent = root.Open(prefix, FsCalls.O_PATH | FsCalls.O_DIRECTORY);
            int e;
            if (!last || directory) e = FsCalls.TryMkdirAt(parent, parts[i], 0x1ED);
            else
            {
                e = RootDirectory.TryOpenAt2(parent, parts[i], FsCalls.O_WRONLY | FsCalls.O_CREAT | FsCalls.O_NOFOLLOW, 0x1ED,
                    RootDirectory.RESOLVE_BENEATH | RootDirectory.RESOLVE_NO_SYMLINKS, out var created);
                created.Dispose();
            }
            if (e is not 0 and not Errnos.EEXIST) throw new SyscallException(e, "create mount point", root.Display(next));
            prefix = next;
        }
        return root.Open(clean, FsCalls.O_PATH);
    }

    public void Dispose()
    {
        Root.Dispose();
        if (_release is not null)
        {
            _release.Set();
            _holder!.Join();
            _release.Dispose();
        }
    }
}
