namespace Berth.Images;

/// <summary>What kind of failure an <see cref="ImageException"/> is; the daemon maps each kind to one HTTP status.</summary>
public enum ImageErrorKind
{
    NotFound,
    AlreadyExists,
    Conflict,
    InvalidArgument,
    FailedPrecondition,
    Unauthorized,
    PermissionDenied,
    Unavailable,
    NotImplemented,
    /// <summary>Content that does not match its digest or size, or a malformed document.</summary>
    DataLoss,
    Internal,
}
