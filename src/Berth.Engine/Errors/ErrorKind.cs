namespace Berth.Engine.Errors;

/// <summary>What kind of failure an <see cref="EngineException"/> is; the API maps each to one HTTP status.</summary>
public enum ErrorKind
{
    InvalidArgument,
    NotFound,
    Conflict,
    AlreadyExists,
    FailedPrecondition,
    NotModified,
    PermissionDenied,
    Unauthorized,
    Unavailable,
    NotImplemented,
    Internal,
}
