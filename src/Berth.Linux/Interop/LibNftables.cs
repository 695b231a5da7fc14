using System.Runtime.InteropServices;

namespace Berth.Linux.Interop;

/// <summary>libnftables (the library behind the <c>nft</c> command): rule sets applied in-process, atomically.</summary>
internal static unsafe partial class LibNftables
{
    public const string Name = "libnftables.so.1";

    [LibraryImport(Name)]
    public static partial nint nft_ctx_new(uint flags);

    [LibraryImport(Name)]
    public static partial void nft_ctx_free(nint ctx);

    [LibraryImport(Name)]
    public static partial int nft_ctx_buffer_output(nint ctx);

    [LibraryImport(Name)]
    public static partial int nft_ctx_buffer_error(nint ctx);

    [LibraryImport(Name)]
    public static partial byte* nft_ctx_get_output_buffer(nint ctx);

    [LibraryImport(Name)]
    public static partial byte* nft_ctx_get_error_buffer(nint ctx);

    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int nft_run_cmd_from_buffer(nint ctx, string buffer);
}
