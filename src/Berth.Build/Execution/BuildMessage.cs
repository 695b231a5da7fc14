namespace Berth.Build.Execution;

/// <summary>
/// One line of build progress, in the classic builder's JSON-message terms: text for the stream (stdout, or
/// stderr which the client shows in red), a status line with optional progress (base image pulls, downloads), or
/// the aux image ID.
/// </summary>
public sealed record BuildMessage
{
    public string? Stream { get; init; }
    public bool IsStderr { get; init; }
    public string? Status { get; init; }
    public string? Id { get; init; }
    public string? Progress { get; init; }
    public long? Current { get; init; }
    public long? Total { get; init; }
    /// <summary>The image ID of a finished stage (<c>{"aux":{"ID":"sha256:…"}}</c>).</summary>
    public string? AuxId { get; init; }

    public static BuildMessage Text(string text) => new() { Stream = text };
}
