namespace Berth.Runtime;

/// <summary>What went wrong, for callers that map errors to exit codes or API statuses.</summary>
public enum RuntimeErrorKind
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    FailedPrecondition,
    NotSupported,
    Internal,
}

/// <summary>A runtime failure with a one-line message that names the object or the config field.</summary>
public sealed class RuntimeException : Exception
{
    public RuntimeErrorKind Kind { get; }

    public RuntimeException(RuntimeErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    public static RuntimeException Invalid(string message) => new(RuntimeErrorKind.InvalidArgument, message);
    public static RuntimeException NotFound(string id) => new(RuntimeErrorKind.NotFound, $"container does not exist: {id}");
    public static RuntimeException NotSupported(string message) => new(RuntimeErrorKind.NotSupported, message);
    public static RuntimeException Precondition(string message) => new(RuntimeErrorKind.FailedPrecondition, message);
}
