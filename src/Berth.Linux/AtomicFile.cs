namespace Berth.Linux;

/// <summary>write-temp, fsync, rename: a reader sees the old content or the new, never a torn file.</summary>
public static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        string tmp = Path.Combine(dir, "." + Path.GetFileName(path) + "." + Environment.ProcessId + "." + Environment.CurrentManagedThreadId + ".tmp");
        try
        {
            using (var fs = new FileStream(tmp, new FileStreamOptions
            {
                Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = mode,
            }))
            {
                fs.Write(content);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch { }
            throw;
        }
        SyncDirectory(dir);
    }

    /// <summary>fsync of a directory, so a rename in it is durable.</summary>
    public static void SyncDirectory(string dir)
    {
        try
        {
            using var fd = FileDescriptors.Open(dir, Interop.Libc.O_RDONLY | Interop.Libc.O_DIRECTORY);
            Interop.Libc.fsync(fd.Fd);
        }
        catch (SyscallException) { }
    }
}
