using Berth.Oci.Images;

namespace Berth.Images.Formats;

public sealed class ImportOptions
{
    /// <summary>The name to give the image (docker import … NAME[:TAG]); none leaves it untagged.</summary>
    public ImageReference? Reference { get; init; }

    /// <summary>The image's run config (the daemon applies <c>--change</c> instructions into it).</summary>
    public ContainerConfig? Config { get; init; }

    /// <summary>The history comment (<c>--message</c>); Docker's default is "Imported from &lt;source&gt;".</summary>
    public string? Message { get; init; }

    public string Source { get; init; } = "-";

    public Platform? Platform { get; init; }
}
