namespace Berth.Network;

/// <summary>What kind of failure a <see cref="NetworkException"/> is; the daemon maps kinds to HTTP statuses in one place.</summary>
public enum NetworkErrorKind
{
    NotFound,
    AlreadyExists,
    Conflict,
    InvalidArgument,
    FailedPrecondition,
    Unavailable,
    Internal,
}
