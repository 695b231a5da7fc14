using Berth.Images.Metadata;
using Berth.Oci.Images;

namespace Berth.Build.Execution;

/// <summary>A finished stage: its image (null for a scratch stage that committed nothing), that image's config, its args.</summary>
internal sealed record StageResult(ImageRecord? Image, ImageConfig Config, BuildArgs Args);
