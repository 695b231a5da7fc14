using System.Text;
using System.Text.Json;
using Berth.Linux;
using Berth.Linux.Descriptors;
using Berth.Oci.Runtime;

namespace Berth.Shim;

/// <summary>
/// A spare shim: the daemon starts one ahead of time, so that the cost of starting a process (and of the first
/// use of the JSON and runtime code) is paid before `docker run` asks, not during it. The spare waits for its
/// command line on <see cref="RequestFd"/>; end of file with nothing read means the daemon is gone, and it leaves.
/// </summary>
internal static class WarmStart
{
    public const string Command = "warm";
    public const int RequestFd = 4;
    private const string ShimLogFlag = "--shim-log";

    /// <summary>The arguments the daemon sends, with stderr moved to the container's shim log; empty: leave.</summary>
    public static string[] WaitForArguments()
    {
        Prewarm();
        byte[] data;
        using (var request = new SafeFd(RequestFd))
            data = ReadAll(request);
        if (data.Length == 0) return [];
        var args = Encoding.UTF8.GetString(data).Split('\0');
        if (args.Length > 0 && args[^1].Length == 0) args = args[..^1];
        if (args.Length >= 2 && args[0] == ShimLogFlag)
        {
            using var log = FileDescriptors.Open(args[1], OpenFlags.O_WRONLY | OpenFlags.O_CREAT | OpenFlags.O_APPEND, 0x180);
            DescriptorCalls.Duplicate(log, 2);
            args = args[2..];
        }
        return args;
    }

    /// <summary>Runs the code paths a container start needs once, while nobody waits.</summary>
    private static void Prewarm()
    {
        try
        {
            JsonSerializer.Deserialize("""{"ociVersion":"1.2.0","process":{"args":["true"],"cwd":"/","env":["A=b"]},"root":{"path":"rootfs"},"linux":{"namespaces":[{"type":"pid"}],"mounts":[]},"mounts":[{"destination":"/proc","type":"proc","source":"proc","options":["nosuid"]}]}"""u8,
                RuntimeJsonContext.Default.RuntimeSpec);
        }
        catch (JsonException) { }
    }

    private static byte[] ReadAll(SafeFd fd)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            int n;
            try { n = FileDescriptors.Read(fd, buffer); }
            catch (SyscallException) { break; }
            if (n <= 0) break;
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }
}
