namespace Berth.Build.Execution;

/// <summary>
/// One thing a COPY/ADD copies: a path under <see cref="Root"/> (the context, an image view, a download or
/// here-document directory), its classic-builder hash, and whether ADD may unpack it.
/// </summary>
internal sealed record CopySource(string Root, string Path, string Hash, bool IsDirectory, bool NoDecompress);
