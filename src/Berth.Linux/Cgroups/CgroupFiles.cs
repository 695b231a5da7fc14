using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Berth.Linux.Interop;

namespace Berth.Linux.Cgroups;

/// <summary>Reads and single-write updates of cgroupfs files; failures name the file (and the value written).</summary>
internal static unsafe class CgroupFiles
{
    /// <summary>One write(2) of <paramref name="value"/>: cgroupfs parses each write as one command.</summary>
    public static void Write(string path, string value)
    {
        int errno = TryWrite(path, value);
        if (errno != 0) throw new SyscallException(errno, $"write '{value}' to", path);
    }

    public static int TryWrite(string path, string value)
    {
        int fd = Libc.open(path, Libc.O_WRONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return Marshal.GetLastPInvokeError();
        try
        {
            int length = Encoding.UTF8.GetByteCount(value);
            Span<byte> bytes = length <= 256 ? stackalloc byte[length] : new byte[length];
            Encoding.UTF8.GetBytes(value, bytes);
            fixed (byte* p = bytes)
            {
                while (true)
                {
                    nint n = Libc.write(fd, p, length);
                    if (n >= 0) return 0;
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno != Errnos.EINTR) return errno;
                }
            }
        }
        finally
        {
            Libc.close(fd);
        }
    }

    public static string Read(string path)
    {
        int errno = TryRead(path, out string text);
        return errno == 0 ? text : throw new SyscallException(errno, "read", path);
    }

    /// <summary>The file's text, or null when it does not exist.</summary>
    public static string? ReadIfExists(string path)
    {
        int errno = TryRead(path, out string text);
        if (errno == 0) return text;
        if (errno == Errnos.ENOENT) return null;
        throw new SyscallException(errno, "read", path);
    }

    public static int TryRead(string path, out string text)
    {
        text = "";
        int fd = Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (fd < 0) return Marshal.GetLastPInvokeError();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            int used = 0;
            while (true)
            {
                if (used == buffer.Length)
                {
                    byte[] bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, used).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                nint n;
                fixed (byte* p = &buffer[used]) n = Libc.read(fd, p, buffer.Length - used);
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Errnos.EINTR) continue;
                    return errno;
                }
                if (n == 0) break;
                used += (int)n;
            }
            text = Encoding.UTF8.GetString(buffer, 0, used);
            return 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Libc.close(fd);
        }
    }

    /// <summary>A single number; "max" (and v1's huge "unlimited" values) read as <see cref="ulong.MaxValue"/>.</summary>
    public static ulong ReadUInt64(string path) => ParseUInt64(Read(path).Trim(), path);

    public static ulong ParseUInt64(string text, string path)
    {
        if (text == "max") return ulong.MaxValue;
        if (ulong.TryParse(text, out ulong value)) return value;
        if (long.TryParse(text, out long signed) && signed < 0) return ulong.MaxValue; // v1's "-1"
        throw new FormatException($"{path}: '{text}' is not a number");
    }

    /// <summary>"key value" lines (memory.stat, cpu.stat, cgroup.events...).</summary>
    public static Dictionary<string, ulong> ParseKeyValues(string text)
    {
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            int space = line.IndexOf(' ');
            if (space <= 0) continue;
            if (ulong.TryParse(line[(space + 1)..].Trim(), out ulong value)) values[line[..space].ToString()] = value;
        }
        return values;
    }

    /// <summary>The pids in cgroup.procs of <paramref name="dir"/> (none if it is gone).</summary>
    public static void AddPids(string dir, List<int> pids, bool recursive)
    {
        string? text = ReadIfExists(System.IO.Path.Combine(dir, "cgroup.procs"));
        if (text is null) return;
        foreach (var line in text.AsSpan().EnumerateLines())
            if (int.TryParse(line, out int pid)) pids.Add(pid);
        if (!recursive) return;
        IEnumerable<string> children;
        try { children = Directory.EnumerateDirectories(dir).ToList(); }
        catch (DirectoryNotFoundException) { return; }
        foreach (string child in children) AddPids(child, pids, recursive: true);
    }

    /// <summary>mkdir -p, 0755; true when the leaf was created now.</summary>
    public static bool MakeDirectories(string dir)
    {
        if (Directory.Exists(dir)) return false;
        string? parent = System.IO.Path.GetDirectoryName(dir);
        if (parent is not null && !Directory.Exists(parent)) MakeDirectories(parent);
        int r = Libc.mkdirat(Libc.AT_FDCWD, dir, 0x1ed);
        if (r == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno == Errnos.EEXIST) return false;
        throw new SyscallException(errno, "mkdir", dir);
    }

    /// <summary>
    /// Removes <paramref name="dir"/> and the cgroups below it, deepest first, retrying while the kernel reports
    /// EBUSY (tasks that were just killed linger briefly).
    /// </summary>
    public static void RemoveTree(string dir, TimeSpan patience)
    {
        List<string> children;
        try { children = Directory.EnumerateDirectories(dir).ToList(); }
        catch (DirectoryNotFoundException) { return; }
        foreach (string child in children) RemoveTree(child, patience);

        var deadline = Environment.TickCount64 + (long)patience.TotalMilliseconds;
        int delayMs = 1;
        while (true)
        {
            // Directories in cgroupfs hold only control files, which rmdir removes with them.
            if (Libc.unlinkat(Libc.AT_FDCWD, dir, Libc.AT_REMOVEDIR) == 0) return;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Errnos.ENOENT) return;
            if (errno != Errnos.EBUSY || Environment.TickCount64 > deadline)
                throw new SyscallException(errno, "rmdir", dir);
            Thread.Sleep(delayMs);
            delayMs = Math.Min(delayMs * 2, 50);
        }
    }

    /// <summary>kill(2); ESRCH (already gone) is not an error.</summary>
    public static void Signal(int pid, int signal)
    {
        if (Libc.syscall(Libc.SYS_kill_number, pid, signal, 0, 0, 0, 0) == 0) return;
        int errno = Marshal.GetLastPInvokeError();
        if (errno != Errnos.ESRCH) throw new SyscallException(errno, $"kill({pid}, {signal})");
    }
}
