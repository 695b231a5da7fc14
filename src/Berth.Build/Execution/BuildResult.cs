using Berth.Images.Metadata;
using Berth.Oci.Images;

namespace Berth.Build.Execution;

/// <summary>What a build produced: the image of the target stage and the names it was tagged with.</summary>
public sealed record BuildResult(ImageRecord Image, IReadOnlyList<ImageReference> Tags, int Steps, int CachedSteps);
