namespace Berth.Engine.Errors;

/// <summary>The one exception type the engine throws for expected failures; the message is shown to users as is.</summary>
public sealed class EngineException : Exception
{
    public ErrorKind Kind { get; }

    public EngineException(ErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    public static EngineException NotFound(string message) => new(ErrorKind.NotFound, message);
    public static EngineException Invalid(string message) => new(ErrorKind.InvalidArgument, message);
    public static EngineException Conflict(string message) => new(ErrorKind.Conflict, message);
    public static EngineException NotModified(string message = "") => new(ErrorKind.NotModified, message);
    public static EngineException NotImplemented(string message) => new(ErrorKind.NotImplemented, message);
    public static EngineException Internal(string message, Exception? inner = null) => new(ErrorKind.Internal, message, inner);
}
