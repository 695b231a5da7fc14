using System.Runtime.InteropServices;

namespace Berth.Linux;

/// <summary>A failed kernel call: which call, on which path (if any), and the errno.</summary>
public sealed class SyscallException : Exception
{
    public int Errno { get; }
    public string Call { get; }
    public string? Path { get; }

    public SyscallException(int errno, string call, string? path = null)
        : base(Format(errno, call, path))
    {
        Errno = errno;
        Call = call;
        Path = path;
    }

    private static string Format(int errno, string call, string? path) =>
        path is null ? $"{call}: {Errnos.Describe(errno)}" : $"{call} {path}: {Errnos.Describe(errno)}";

    /// <summary>Throws for the errno of the last failed call (LibraryImport with SetLastError).</summary>
    public static SyscallException FromLastError(string call, string? path = null) =>
        new(Marshal.GetLastPInvokeError(), call, path);
}
