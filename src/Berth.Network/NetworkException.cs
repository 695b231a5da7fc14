namespace Berth.Network;

/// <summary>A refused or failed network operation, with a message that names the object (lowercase, no final period).</summary>
public sealed class NetworkException : Exception
{
    public NetworkErrorKind Kind { get; }

    public NetworkException(NetworkErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    internal static NetworkException NotFound(string message) => new(NetworkErrorKind.NotFound, message);
    internal static NetworkException Invalid(string message) => new(NetworkErrorKind.InvalidArgument, message);
    internal static NetworkException Conflict(string message) => new(NetworkErrorKind.Conflict, message);
}
