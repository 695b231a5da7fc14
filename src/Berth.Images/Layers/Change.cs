namespace Berth.Images.Layers;

/// <summary>Docker's change kinds (<c>docker diff</c>: C, A, D).</summary>
public enum ChangeKind { Modified = 0, Added = 1, Deleted = 2 }

/// <summary>One changed path of a container's filesystem, absolute as the container sees it.</summary>
public sealed record Change(string Path, ChangeKind Kind);
