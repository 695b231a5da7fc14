namespace Berth.Images;

/// <summary>
/// The one exception of the image and registry libraries: a lowercase message that names the object and
/// what went wrong, and a <see cref="ImageErrorKind"/>.
/// </summary>
public sealed class ImageException : Exception
{
    public ImageErrorKind Kind { get; }

    public ImageException(ImageErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    public static ImageException NotFound(string message) => new(ImageErrorKind.NotFound, message);
    public static ImageException Invalid(string message, Exception? inner = null) => new(ImageErrorKind.InvalidArgument, message, inner);
    public static ImageException DataLoss(string message, Exception? inner = null) => new(ImageErrorKind.DataLoss, message, inner);
    public static ImageException Conflict(string message) => new(ImageErrorKind.Conflict, message);
}
