using System.Diagnostics;
using System.Runtime.InteropServices;
using Berth.Linux.Interop;

namespace Berth.Linux.Netlink;

/// <summary>
/// Applies nftables scripts. A script is one kernel transaction: all of it or none. In-process through libnftables
/// when the library is there (no fork/exec, and the netlink socket it opens belongs to the calling thread's network
/// namespace), otherwise through the <c>nft</c> command (which runs in the calling thread's namespaces too).
/// </summary>
public static unsafe class Nftables
{
    private static int _libraryState; // 0 unknown, 1 usable, -1 missing
    private static readonly Lock LibraryLock = new();

    /// <summary>Path of the nft command for the fallback.</summary>
    public static string NftCommand { get; set; } = "nft";

    /// <summary>Runs a script (<c>nft -f</c> syntax) atomically; throws <see cref="NftablesException"/> with nft's message.</summary>
    public static void Apply(string script) => Run(script, wantOutput: false);

    /// <summary>Runs one command and returns what nft prints (e.g. <c>list table inet berth</c>).</summary>
    public static string Query(string command) => Run(command, wantOutput: true);

    /// <summary>True when the in-process library is used rather than the command.</summary>
    public static bool UsesLibrary => TryLibrary();

    private static string Run(string script, bool wantOutput)
    {
        if (TryLibrary())
        {
            // libnftables keeps caches in its context: one context per call, and one call at a time.
            lock (LibraryLock)
            {
                nint ctx = LibNftables.nft_ctx_new(0);
                if (ctx == 0) throw new NftablesException("nft_ctx_new failed");
                try
                {
                    LibNftables.nft_ctx_buffer_output(ctx);
                    LibNftables.nft_ctx_buffer_error(ctx);
                    int rc = LibNftables.nft_run_cmd_from_buffer(ctx, script);
                    string output = Marshal.PtrToStringUTF8((nint)LibNftables.nft_ctx_get_output_buffer(ctx)) ?? "";
                    string error = Marshal.PtrToStringUTF8((nint)LibNftables.nft_ctx_get_error_buffer(ctx)) ?? "";
                    if (rc != 0) throw new NftablesException(Clean(error, script));
                    return output;
                }
                finally
                {
                    LibNftables.nft_ctx_free(ctx);
                }
            }
        }
        return RunCommand(script, wantOutput);
    }

    private static bool TryLibrary()
    {
        if (_libraryState != 0) return _libraryState > 0;
        _libraryState = NativeLibrary.TryLoad(LibNftables.Name, out _) ? 1 : -1;
        return _libraryState > 0;
    }

    private static string RunCommand(string script, bool wantOutput)
    {
        var psi = new ProcessStartInfo(NftCommand)
        {
            RedirectStandardInput = !wantOutput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (wantOutput)
        {
            foreach (var word in script.Split(' ', StringSplitOptions.RemoveEmptyEntries)) psi.ArgumentList.Add(word);
        }
        else
        {
            psi.ArgumentList.Add("-f");
            psi.ArgumentList.Add("-");
        }
        using var process = Process.Start(psi) ?? throw new NftablesException("cannot start nft");
        if (!wantOutput)
        {
            process.StandardInput.Write(script);
            process.StandardInput.Close();
        }
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new NftablesException(Clean(stderr.Result, script));
        return stdout;
    }

    private static string Clean(string error, string script)
    {
        string text = error.Trim();
        if (text.Length == 0) text = "nft refused the rule set";
        return "nftables: " + text.Replace("\n", " | ");
    }
}
