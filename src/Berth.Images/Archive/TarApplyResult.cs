namespace Berth.Images.Archive;

/// <summary>What applying a tar did: entries handled and bytes of file content written (a layer's size).</summary>
public sealed record TarApplyResult(long Entries, long ContentBytes);
