using System.Runtime.InteropServices;
using System.Text;
using Berth.Linux.Interop;

namespace Berth.Linux.Processes;

/// <summary>
/// Starts processes with glibc's posix_spawn (fork and exec happen in native code; no managed code runs in the
/// child), with exact control of the descriptors it gets, default signal dispositions and an empty signal mask.
/// The child lands in the namespaces of the calling thread.
/// </summary>
public static unsafe class ProcessSpawner
{
    private const int F_DUPFD_CLOEXEC = 1030;

    /// <summary>Starts the process and returns its pid; throws <see cref="SyscallException"/> (e.g. ENOENT).</summary>
    public static int Spawn(SpawnRequest request)
    {
        int errno = TrySpawn(request, out int pid);
        if (errno != 0) throw new SyscallException(errno, "posix_spawn", request.Path);
        return pid;
    }

    /// <summary>Starts the process; returns 0 and its pid, or the errno.</summary>
    public static int TrySpawn(SpawnRequest request, out int pid)
    {
        pid = 0;
        int maxTarget = 2;
        foreach (var m in request.Fds) maxTarget = Math.Max(maxTarget, m.Target);
        int keep = request.KeepFdsUpTo >= 0 ? Math.Max(request.KeepFdsUpTo, maxTarget) : maxTarget;

        // Sources are first copied above every target, so that placing one never overwrites another's source.
        Span<int> temps = request.Fds.Count <= 16 ? stackalloc int[request.Fds.Count] : new int[request.Fds.Count];
        int made = 0;
        void* actions = NativeMemory.AllocZeroed(Libc.SpawnFileActionsSize);
        void* attr = NativeMemory.AllocZeroed(Libc.SpawnAttrSize);
        byte* sigs = stackalloc byte[Libc.SigsetSize];
        var strings = new NativeStrings();
        try
        {
            for (; made < request.Fds.Count; made++)
            {
                int t = Libc.fcntl(request.Fds[made].Source, F_DUPFD_CLOEXEC, keep + 1);
                if (t < 0) return Marshal.GetLastPInvokeError();
                temps[made] = t;
            }
            int rc = Libc.posix_spawn_file_actions_init(actions);
            if (rc != 0) return rc;
            for (int i = 0; i < request.Fds.Count; i++)
            {
                rc = Libc.posix_spawn_file_actions_adddup2(actions, temps[i], request.Fds[i].Target);
                if (rc != 0) return rc;
            }
            rc = Libc.posix_spawn_file_actions_addclosefrom_np(actions, keep + 1);
            if (rc != 0) return rc;

            rc = Libc.posix_spawnattr_init(attr);
            if (rc != 0) return rc;
            short flags = Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF;
            if (request.NewSession) flags |= Libc.POSIX_SPAWN_SETSID;
            Libc.posix_spawnattr_setflags(attr, flags);
            Libc.sigemptyset(sigs);
            Libc.posix_spawnattr_setsigmask(attr, sigs);
            Libc.sigfillset(sigs);
            Libc.posix_spawnattr_setsigdefault(attr, sigs);

            byte* path = strings.Add(request.Path);
            byte** argv = strings.Array(request.Args);
            byte** envp = request.Env is null ? Environ() : strings.Array(request.Env);
            int child;
            rc = Libc.posix_spawn(&child, path, actions, attr, argv, envp);
            if (rc != 0) return rc;
            pid = child;
            return 0;
        }
        finally
        {
            for (int i = 0; i < made; i++) Libc.close(temps[i]);
            Libc.posix_spawn_file_actions_destroy(actions);
            Libc.posix_spawnattr_destroy(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(attr);
            strings.Dispose();
        }
    }

    private static nint s_environ;

    /// <summary>glibc's <c>environ</c>: the process environment as the C library sees it.</summary>
    internal static byte** Environ()
    {
        if (s_environ == 0)
        {
            nint libc = NativeLibrary.Load("libc.so.6");
            s_environ = NativeLibrary.GetExport(libc, "environ");
        }
        return *(byte***)s_environ;
    }
}

/// <summary>NUL-terminated UTF-8 copies of strings and string arrays in native memory, freed together.</summary>
internal sealed unsafe class NativeStrings : IDisposable
{
    private readonly List<nint> _blocks = new();

    public byte* Add(string s)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        byte* p = (byte*)NativeMemory.Alloc((nuint)n + 1);
        _blocks.Add((nint)p);
        fixed (char* c = s) Encoding.UTF8.GetBytes(c, s.Length, p, n);
        p[n] = 0;
        return p;
    }

    public byte** Array(IReadOnlyList<string> items)
    {
        byte** a = (byte**)NativeMemory.Alloc((nuint)(items.Count + 1), (nuint)sizeof(nint));
        _blocks.Add((nint)a);
        for (int i = 0; i < items.Count; i++) a[i] = Add(items[i]);
        a[items.Count] = null;
        return a;
    }

    public void Dispose()
    {
        foreach (nint p in _blocks) NativeMemory.Free((void*)p);
        _blocks.Clear();
    }
}
