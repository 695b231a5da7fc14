namespace Berth.Build;

/// <summary>
/// A build failure with its kind and, when it comes from the Dockerfile, its location. The message starts with the
/// location ("Dockerfile:3:1: unknown instruction: FOO") so that every client shows where the problem is.
/// </summary>
public sealed class BuildException : Exception
{
    public BuildErrorKind Kind { get; }
    public SourceLocation? Location { get; }
    /// <summary>The failing RUN's exit status, when that is what failed.</summary>
    public int? ExitCode { get; init; }
    /// <summary>The message without the location prefix.</summary>
    public string Reason { get; }

    public BuildException(BuildErrorKind kind, string message, SourceLocation? location = null, Exception? inner = null)
        : base(location is { } l ? $"{l}: {message}" : message, inner)
    {
        Kind = kind;
        Location = location;
        Reason = message;
    }

    public static BuildException Invalid(string message, SourceLocation? location = null) => new(BuildErrorKind.InvalidArgument, message, location);

    public static BuildException NotFound(string message, SourceLocation? location = null) => new(BuildErrorKind.NotFound, message, location);

    /// <summary>The same failure placed at <paramref name="location"/> (if it has none yet).</summary>
    public BuildException At(SourceLocation location) =>
        Location is not null ? this : new BuildException(Kind, Reason, location, InnerException) { ExitCode = ExitCode };
}
