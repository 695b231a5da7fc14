using System.Runtime.InteropServices;

namespace Berth.Linux.Interop;

/// <summary>posix_spawn and its file actions and attributes (glibc), waiting for and signalling children.</summary>
internal static unsafe partial class Libc
{
    /// <summary>sizeof(posix_spawn_file_actions_t) and sizeof(posix_spawnattr_t) on x86_64 glibc, rounded up.</summary>
    public const int SpawnFileActionsSize = 80, SpawnAttrSize = 336, SigsetSize = 128;

    public const short POSIX_SPAWN_RESETIDS = 0x01, POSIX_SPAWN_SETPGROUP = 0x02, POSIX_SPAWN_SETSIGDEF = 0x04,
        POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;

    [LibraryImport(Name, SetLastError = true)]
    public static partial int posix_spawn(int* pid, byte* path, void* fileActions, void* attr, byte** argv, byte** envp);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int posix_spawn_file_actions_init(void* fileActions);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int posix_spawn_file_actions_destroy(void* fileActions);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int posix_spawn_file_actions_adddup2(void* fileActions, int fd, int newfd);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int posix_spawn_file_actions_addclose(void* fileActions, int fd);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int posix_spawn_file_actions_addclosefrom_np(void* fileActions, int from);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int posix_spawnattr_init(void* attr);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int posix_spawnattr_setsigmask(void* attr, void* sigset);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int posix_spawnattr_setsigdefault(void* attr, void* sigset);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int sigemptyset(void* sigset);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int sigfillset(void* sigset);

    public const int WNOHANG = 1, WUNTRACED = 2, __WALL = 0x40000000;

    [LibraryImport(Name, SetLastError = true)]
    public static partial int waitpid(int pid, int* status, int options);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport(Name, SetLastError = true)]
    public static partial int getpid();

    public const int POLLIN = 0x1, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Name, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeoutMs);
}
