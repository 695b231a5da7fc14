using Berth.Engine.Errors;

namespace Berth.Api.Routing;

/// <summary>The one place where error kinds become HTTP status codes (moby's httpstatus).</summary>
public static class ErrorStatus
{
    public static int For(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => 400,
        ErrorKind.Unauthorized => 401,
        ErrorKind.PermissionDenied => 403,
        ErrorKind.NotFound => 404,
        ErrorKind.Conflict or ErrorKind.AlreadyExists or ErrorKind.FailedPrecondition => 409,
        ErrorKind.NotModified => 304,
        ErrorKind.NotImplemented => 501,
        ErrorKind.Unavailable => 503,
        _ => 500,
    };
}
