using Berth.Oci.Runtime;

namespace Berth.Runtime.ShimProtocol;

/// <summary>
/// The first line of every connection to a shim's socket: one JSON object naming the operation. The shim answers
/// with one <see cref="ShimResponse"/> line; "attach" and "exec" connections then carry frames (see
/// <see cref="ShimFrame"/>) from the shim and raw stdin bytes to it.
/// </summary>
public sealed class ShimRequest
{
    /// <summary>attach, start, kill, resize, wait, exec, exec-resize, exec-kill, close-stdin, shutdown.</summary>
    public string Op { get; set; } = "";
    public bool Stdin { get; set; }
    public bool Stdout { get; set; }
    public bool Stderr { get; set; }
    public int Signal { get; set; }
    public bool All { get; set; }
    public int Height { get; set; }
    public int Width { get; set; }
    public string? ExecId { get; set; }
    public RuntimeProcess? Process { get; set; }
    /// <summary>For exec: detach (no streams; the response carries the pid and the connection closes).</summary>
    public bool Detach { get; set; }
}

public sealed class ShimResponse
{
    public bool Ok { get; set; }
    public string? Error { get; set; }
    /// <summary>"not-found", "conflict", "invalid" or null; lets the daemon choose the HTTP status.</summary>
    public string? ErrorKind { get; set; }
    public int Pid { get; set; }
    public ShimExit? Exit { get; set; }
}

/// <summary>How a container's or exec's main process ended.</summary>
public sealed class ShimExit
{
    public int ExitCode { get; set; }
    public bool OomKilled { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public string? Error { get; set; }
}
