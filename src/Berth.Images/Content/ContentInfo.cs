using Berth.Oci.Images;

namespace Berth.Images.Content;

/// <summary>A committed blob: its digest, size and when it was written.</summary>
public sealed record ContentInfo(Digest Digest, long Size, DateTimeOffset CommittedAt);
