using Berth.Linux.Descriptors;

namespace Berth.Linux.Sockets;

/// <summary>
/// sockaddr_un holds at most 107 bytes of path. Longer socket paths are reached through the parent directory's
/// descriptor, "/proc/self/fd/N/name", which is short whatever the directory's length (bind and connect both follow
/// the magic link). The socket still lives in its directory, with that directory's permissions.
/// </summary>
public static class UnixSocketPath
{
    private const int MaxPath = 107;

    /// <summary>Runs <paramref name="action"/> with a path usable in a sockaddr_un for <paramref name="path"/>.</summary>
    public static T With<T>(string path, Func<string, T> action)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(path) <= MaxPath) return action(path);
        string dir = Path.GetDirectoryName(path) ?? "/";
        using var fd = FileDescriptors.Open(dir, OpenFlags.O_PATH | OpenFlags.O_DIRECTORY);
        return action($"/proc/self/fd/{fd.Fd}/{Path.GetFileName(path)}");
    }

    public static async Task<T> WithAsync<T>(string path, Func<string, Task<T>> action)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(path) <= MaxPath) return await action(path);
        string dir = Path.GetDirectoryName(path) ?? "/";
        using var fd = FileDescriptors.Open(dir, OpenFlags.O_PATH | OpenFlags.O_DIRECTORY);
        return await action($"/proc/self/fd/{fd.Fd}/{Path.GetFileName(path)}");
    }
}
