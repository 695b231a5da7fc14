using Berth.Oci.Images;

namespace Berth.Registry;

/// <summary>A finished push: "&lt;tag&gt;: digest: &lt;digest&gt; size: &lt;size&gt;" and the aux object Docker sends.</summary>
public sealed record PushResult(ImageReference Reference, string Tag, Digest Digest, long Size);
