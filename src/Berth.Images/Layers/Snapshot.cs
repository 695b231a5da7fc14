using Berth.Oci.Images;

namespace Berth.Images.Layers;

/// <summary>A container's read-write layer on top of <see cref="Parent"/> (null: on nothing): upper and work directories.</summary>
public sealed record Snapshot(string Key, Digest? Parent, string Directory, DateTimeOffset Created)
{
    public string UpperDir => System.IO.Path.Combine(Directory, "upper");
    public string WorkDir => System.IO.Path.Combine(Directory, "work");
}
