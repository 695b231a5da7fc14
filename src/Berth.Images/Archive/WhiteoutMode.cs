namespace Berth.Images.Archive;

/// <summary>What a tar's whiteout entries (<c>.wh.name</c>, <c>.wh..wh..opq</c>) become.</summary>
public enum WhiteoutMode
{
    /// <summary>overlayfs form, for a layer directory: a 0/0 character device, and the opaque xattr.</summary>
    Overlay,
    /// <summary>Applied to a flat tree: the named path is removed; an opaque directory loses what earlier layers put in it.</summary>
    Remove,
}
