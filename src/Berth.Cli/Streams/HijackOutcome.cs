namespace Berth.Cli.Streams;

/// <summary>How a hijacked session ended: output finished (maybe with an error), or the user detached.</summary>
public sealed record HijackOutcome(bool Detached, Exception? Error);
